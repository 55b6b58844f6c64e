"""Public accountability of a space: how it reads and answers what citizens address to it.

``accountability_of(space)`` computes every figure of the accountability page and API with
aggregate queries (a fixed number, whatever the number of proposals: see
``tests/proposals/accountability/test_selectors.py``, which pins it). No row is loaded into Python
except the one or two middle values of the median.

Definitions (the page and the API documentation repeat them for citizens):

* **Period**: the last 12 calendar months, from the first day of the month eleven months
  ago (in the site's time zone) until now, so the monthly chart and the figures cover the
  same proposals.
* **Received**: the proposals addressed to the space *now* whose clock started in the
  period. The clock starts when the proposal reached the space: its submission, or — for a
  proposal transferred here — the latest transfer into the space (its ``TRANSFERRED``
  ``ProposalTransition`` row). A proposal the space passed on to another space counts for
  the one that has it now; the space that passed it on gets "transferred elsewhere".
* **First read**: ``Proposal.read_at``. It is the read receipt of the space the proposal is
  addressed to now: ``proposal_mark_read`` sets it once (compare-and-swap) and
  ``proposal_transfer`` clears it, so it is always this space's first read, never a read by
  the space that transferred it (whose ``READ`` transition stays in the history). We chose
  it over the first ``READ`` transition of the proposal's history because that one may
  belong to another space, which would credit this one with someone else's reading.
* **Median time to first read**: over the received proposals read so far, from the clock
  start to ``read_at``; computed with ``ORDER BY … LIMIT 1|2 OFFSET (n-1)/2`` so it runs
  the same on SQLite and PostgreSQL. Proposals not read yet are counted apart ("still
  waiting"), not in the median.
* **Answered within 30 days**: among the received proposals whose 30 days are over
  (received at least 30 days ago, withdrawn ones excluded), the share with an official
  answer (``answered_at``) at most 30 days after the clock start.
* **Contributions that helped shape policy**: contributions posted in the period to the
  space's consultations and marked so by a decision maker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from jurisdictions.models import Jurisdiction
from proposals.consultations.models import Contribution
from proposals.models import Proposal, ProposalTransition

S = Proposal.Status
MONTHS = 12
ANSWER_DELAY = timedelta(days=30)
# Statuses shown in the "by status" table, in lifecycle order (drafts are never public).
STATUS_ORDER = (
    S.SUBMITTED, S.TRANSFERRED, S.READ, S.UNDER_CONSIDERATION,
    S.ACCEPTED, S.DECLINED, S.IMPLEMENTED, S.WITHDRAWN,
)  # fmt: skip


@dataclass
class Month:
    start: datetime  # aware, first day of the month at midnight (site time zone)
    received: int = 0
    answered: int = 0


@dataclass
class Accountability:
    space: Jurisdiction
    since: datetime
    until: datetime
    received: int
    read: int
    unread: int  # still waiting for the first read
    median_time_to_read: timedelta | None
    due: int  # received at least 30 days ago, not withdrawn
    answered_within_30_days: int
    answered: int
    by_status: dict[str, int]
    accepted: int
    implemented: int
    transferred_elsewhere: int
    contributions: int
    contributions_helped: int
    months: list[Month] = field(default_factory=list)

    @property
    def share_answered_within_30_days(self) -> float | None:
        """Between 0 and 1; None when no proposal's 30 days are over yet."""
        return self.answered_within_30_days / self.due if self.due else None

    @property
    def status_rows(self) -> list[tuple[str, str, int]]:
        """(status, label, count) in lifecycle order."""
        return [(s.value, s.label, self.by_status.get(s.value, 0)) for s in STATUS_ORDER]


def period_start(now: datetime, months: int = MONTHS) -> datetime:
    """The first instant of the month ``months - 1`` months before ``now``'s (local time)."""
    local = timezone.localtime(now)
    index = local.year * 12 + (local.month - 1) - (months - 1)
    return local.replace(
        year=index // 12, month=index % 12 + 1, day=1, hour=0, minute=0, second=0, microsecond=0
    )


def _month_starts(since: datetime, months: int = MONTHS) -> list[datetime]:
    index = since.year * 12 + since.month - 1
    return [
        since.replace(year=(index + n) // 12, month=(index + n) % 12 + 1) for n in range(months)
    ]


def received_proposals(space: Jurisdiction, *, since: datetime, until: datetime) -> QuerySet:
    """Proposals addressed to ``space`` now whose clock started in [since, until].

    Annotated with ``received_at`` (the clock start: the latest transfer into the space,
    else the submission).
    """
    transferred_in = (
        ProposalTransition.objects.filter(
            proposal=OuterRef("pk"), to_status=S.TRANSFERRED, to_space=OuterRef("space")
        )
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    return (
        Proposal.objects.filter(space=space, submitted_at__isnull=False)
        .exclude(status=S.DRAFT)
        .annotate(
            received_at=Coalesce(
                Subquery(transferred_in, output_field=DateTimeField()), F("submitted_at")
            )
        )
        .filter(received_at__gte=since, received_at__lte=until)
    )


def _median(durations: QuerySet, count: int) -> timedelta | None:
    """The median of an ordered one-column queryset of ``count`` durations (one query)."""
    if not count:
        return None
    middle = (count - 1) // 2
    values = list(durations[middle : middle + (1 if count % 2 else 2)])
    return sum(values, timedelta()) / len(values)


def accountability_of(space: Jurisdiction, *, now: datetime | None = None) -> Accountability:
    """Every figure of the accountability of ``space`` over the last 12 months (6 queries)."""
    until = now or timezone.now()
    since = period_start(until)
    cohort = received_proposals(space, since=since, until=until)

    due = Q(received_at__lte=until - ANSWER_DELAY) & ~Q(status=S.WITHDRAWN)
    on_time = Q(answered_at__isnull=False, answered_at__lte=F("received_at") + ANSWER_DELAY)
    figures = cohort.aggregate(
        received=Count("pk"),
        read=Count("pk", filter=Q(read_at__isnull=False)),
        unread=Count("pk", filter=Q(status__in=Proposal.UNREAD_STATUSES)),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        due=Count("pk", filter=due),
        on_time=Count("pk", filter=due & on_time),
        **{f"status_{s.value}": Count("pk", filter=Q(status=s)) for s in STATUS_ORDER},
    )

    waits = (
        cohort.filter(read_at__isnull=False)
        .annotate(
            wait=ExpressionWrapper(F("read_at") - F("received_at"), output_field=DurationField())
        )
        .order_by("wait", "pk")
        .values_list("wait", flat=True)
    )
    median = _median(waits, figures["read"])

    months = {start: Month(start=start) for start in _month_starts(since)}
    received_rows = (
        cohort.annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in received_rows:
        if row["month"] in months:
            months[row["month"]].received = row["n"]
    answered_rows = (
        Proposal.objects.filter(space=space, answered_at__gte=since, answered_at__lte=until)
        .annotate(month=TruncMonth("answered_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in answered_rows:
        if row["month"] in months:
            months[row["month"]].answered = row["n"]

    transferred = (
        ProposalTransition.objects.filter(
            from_space=space,
            to_status=S.TRANSFERRED,
            created_at__gte=since,
            created_at__lte=until,
        )
        .exclude(to_space=space)
        .aggregate(n=Count("proposal", distinct=True))["n"]
    )
    contributions = Contribution.objects.filter(
        consultation__space=space, created_at__gte=since, created_at__lte=until
    ).aggregate(total=Count("pk"), helped=Count("pk", filter=Q(helped_shape_policy=True)))

    by_status = {s.value: figures[f"status_{s.value}"] for s in STATUS_ORDER}
    return Accountability(
        space=space,
        since=since,
        until=until,
        received=figures["received"],
        read=figures["read"],
        unread=figures["unread"],
        median_time_to_read=median,
        due=figures["due"],
        answered_within_30_days=figures["on_time"],
        answered=figures["answered"],
        by_status=by_status,
        accepted=by_status[S.ACCEPTED],
        implemented=by_status[S.IMPLEMENTED],
        transferred_elsewhere=transferred,
        contributions=contributions["total"],
        contributions_helped=contributions["helped"],
        months=list(months.values()),
    )
