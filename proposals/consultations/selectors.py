"""Reads of the consultations: lists, one consultation's page, its contributions."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from proposals.consultations.models import Agreement, Consultation, ConsultationFollow, Contribution


def consultations() -> QuerySet:
    """Consultations with what a list or a page shows of them (one query)."""
    return Consultation.objects.select_related("space", "topic", "body", "created_by", "closed_by")


def consultation_list(*, space=None, descendants: bool = False, state: str = "") -> QuerySet:
    """Newest first; of ``space`` (and the places within it with ``descendants``); open now
    only with ``state="open"``. The list filters (``filters.ConsultationFilter``) narrow it."""
    qs = consultations()
    if space is not None:
        qs = qs.in_space(space, descendants=descendants)
    if state == "open":
        qs = qs.open_now()
    return qs.order_by("-opens_at", "-id")


def consultation_for_page(pk: int) -> Consultation:
    """The consultation of a page or an endpoint, or 404."""
    return get_object_or_404(consultations(), pk=pk)


def contributions() -> QuerySet:
    """Contributions with what their page, address and permission checks read."""
    return Contribution.objects.select_related("author", "consultation__space")


def with_agreed(queryset: QuerySet, user) -> QuerySet:
    """``agreed`` on each contribution: whether the signed-in ``user`` agrees with it."""
    if user is None or not user.is_authenticated:
        return queryset
    mine = Agreement.objects.filter(contribution=OuterRef("pk"), citizen=user)
    return queryset.annotate(agreed=Exists(mine))


def contributions_of(consultation: Consultation, *, user=None) -> QuerySet:
    """Those that helped shape policy first, then the most agreed with, then the oldest."""
    qs = consultation.contributions.select_related("author", "read_by", "hidden_by")
    return with_agreed(qs, user).order_by(
        "-helped_shape_policy", "-agree_count", "created_at", "id"
    )


def is_following(user, consultation: Consultation) -> bool:
    """Whether the signed-in ``user`` follows ``consultation`` (no query when anonymous)."""
    if user is None or not user.is_authenticated:
        return False
    return ConsultationFollow.objects.filter(consultation=consultation, citizen=user).exists()
