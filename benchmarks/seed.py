"""Set-based seeding of the benchmark database (``civic_bench``); needs Django set up.

Citizens, follows, the events' history and the personal notifications are written with
``INSERT … SELECT … FROM generate_series`` — a million rows per statement, no ORM object
per row. The few rows that must go through the real code (the spaces, the decision makers'
mandates, the proposals) use the ORM and the services, so the fan-out starts from exactly
what production has.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

# Personal events of the history (status changes, replies, moderation, answers) and how
# many citizens each one notifies personally: PERSONAL_EVENTS × PER_EVENT rows (1.2M).
PERSONAL_EVENTS = 20_000
PER_EVENT = 60
# Spreads the personal rows over the citizens; prime, so coprime with any power of ten:
# (event index × PER_EVENT + k) × STRIDE mod citizens never repeats within an event.
STRIDE = 7919
# Audience history (read receipts and answers, no row per follower) per fan-out space,
# largest space first, and per smaller "history" space.
AUDIENCE_HISTORY = (4_000, 2_000, 1_000)
HISTORY_SPACES = 20
AUDIENCE_PER_HISTORY_SPACE = 250
# The reader whose inbox is timed follows the fan-out spaces and this many history spaces.
READER_HISTORY_FOLLOWS = 5
# One personal event in READER_EVERY is also the reader's; one in READER_UNREAD_EVERY unread.
READER_EVERY = 50
READER_UNREAD_EVERY = 500


@dataclass
class World:
    citizens: int
    first_citizen: int
    author: object
    moderator: object
    spaces: dict[int, object] = field(default_factory=dict)  # followers → space
    proposals: dict[int, object] = field(default_factory=dict)  # followers → proposal
    deciders: dict[int, object] = field(default_factory=dict)  # followers → decision maker
    history_spaces: list = field(default_factory=list)
    reader_id: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    def followers(self, size: int) -> range:
        """Ids of the citizens following the space of ``size`` followers (contiguous)."""
        return range(self.first_citizen, self.first_citizen + size)


def insert_select(model, select_from: str, exprs: dict[str, str], params=(), suffix="") -> int:
    """``INSERT INTO <model> (every column) SELECT <exprs> FROM <select_from>``.

    Columns missing from ``exprs`` get the field's Python default (bound once as a
    parameter), NULL, or '' — so a field added later with a default does not break the
    seed. Returns the number of rows inserted.
    """
    columns, values, bound = [], [], []
    for f in model._meta.concrete_fields:
        if f.primary_key and f.attname not in exprs:
            continue
        columns.append(connection.ops.quote_name(f.column))
        if f.attname in exprs:
            values.append(exprs[f.attname])
        elif f.has_default():
            values.append("%s")
            bound.append(f.get_db_prep_save(f.get_default(), connection))
        elif f.null:
            values.append("NULL")
        elif f.empty_strings_allowed:
            values.append("''")
        else:
            raise ValueError(f"benchmarks/seed.py: give {model.__name__}.{f.attname} a value")
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM {select_from} {suffix}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*bound, *params])
        return cursor.rowcount


def _skip_foreign_key_checks() -> None:
    """No foreign-key trigger for the rest of this transaction (a million deferred checks
    otherwise): the seed's rows reference ids it has just written. Needs a superuser, as
    creating the bench database does."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")


def _timed(world: World, label: str):
    class _Timer:
        def __enter__(self):
            self.start = time.perf_counter()

        def __exit__(self, *exc):
            world.timings[label] = time.perf_counter() - self.start

    return _Timer()


def _proposal(author, space, topic, title: str):
    from proposals.services import proposal_create

    return proposal_create(
        author=author,
        space=space,
        submit=True,
        topic=topic,
        title=title,
        text="Seeded by the benchmark.",
        impact_citizens=1,
        impact_citizens_text="a",
        impact_collectivities=1,
        impact_collectivities_text="b",
        impact_governments=0,
        impact_governments_text="c",
        freedom_statement="d",
    )


def _decider(space, number: int):
    """A citizen holding an active mandate in a body of ``space`` (a decision maker)."""
    from civic.models import Citizen
    from jurisdictions.models import Body, Mandate

    citizen = Citizen.objects.create_user(f"decider-{number}@bench.invalid")
    body = Body.objects.create(space=space, name=f"Council {number}", kind=Body.Kind.EXECUTIVE)
    Mandate.objects.create(citizen=citizen, body=body, role=Mandate.Role.ELECTED)
    return citizen


def seed(*, citizens: int, sizes: list[int]) -> World:
    """Seed everything; ``sizes`` are the follower counts of the fan-out spaces."""
    from civic.models import Citizen
    from jurisdictions.models import Follow, Jurisdiction, Topic
    from notifications.models import Event, InboxState, Notification

    sizes = sorted(sizes, reverse=True)
    if sizes[0] > citizens:
        raise ValueError("benchmarks: more followers than citizens")
    # The actors follow nothing, so every follower counts exactly once.
    author = Citizen.objects.create_user("author@bench.invalid")
    moderator = Citizen.objects.create_user("moderator@bench.invalid")

    world = World(citizens=citizens, first_citizen=0, author=author, moderator=moderator)
    with _timed(world, "citizens"), transaction.atomic():
        insert_select(
            Citizen,
            "generate_series(1, %s) AS g",
            {
                "password": "'!'",  # unusable, as set_unusable_password writes
                "email": "'citizen-' || g || '@bench.invalid'",
                "date_joined": "now() - interval '400 days'",
            },
            [citizens],
        )
        world.first_citizen = (
            Citizen.objects.filter(email="citizen-1@bench.invalid")
            .values_list("pk", flat=True)
            .get()
        )
    # Ids come from one INSERT on a fresh sequence: contiguous.
    last = (
        Citizen.objects.filter(email=f"citizen-{citizens}@bench.invalid")
        .values_list("pk", flat=True)
        .get()
    )
    assert last == world.first_citizen + citizens - 1, "citizen ids are not contiguous"

    with _timed(world, "spaces, mandates, proposals"):
        topic, _ = Topic.objects.get_or_create(
            slug="bench-waste",
            defaults={"domain": Topic.Domain.ENVIRONMENT, "name_en": "Waste", "name_fr": "Déchets"},
        )
        nation = Jurisdiction.add_root(
            name="Benchland", kind=Jurisdiction.Kind.NATION, slug="benchland", code="BENCH",
            label="Benchland",
        )  # fmt: skip
        for number, size in enumerate(sizes):
            space = nation.add_child(
                name=f"Bench {size:,} followers", kind=Jurisdiction.Kind.REGION,
                slug=f"bench-{size}", code=f"BENCH-{size}", label=f"Bench {size:,}, Benchland",
            )  # fmt: skip
            nation.refresh_from_db()
            world.spaces[size] = space
            world.deciders[size] = _decider(space, number)
            world.proposals[size] = _proposal(author, space, topic, f"Proposal for {size:,}")
        for number in range(HISTORY_SPACES):
            space = nation.add_child(
                name=f"History {number}", kind=Jurisdiction.Kind.CITY, slug=f"history-{number}",
                code=f"BENCH/history-{number}", label=f"History {number}, Benchland",
            )  # fmt: skip
            nation.refresh_from_db()
            world.history_spaces.append(space)

    with _timed(world, "follows"), transaction.atomic():
        _skip_foreign_key_checks()
        for size, space in world.spaces.items():
            insert_select(
                Follow,
                "generate_series(%s, %s) AS g",
                {
                    "citizen_id": "g",
                    "space_id": str(space.pk),
                    "created_at": "now() - interval '400 days'",
                },
                [world.first_citizen, world.first_citizen + size - 1],
            )
            Jurisdiction.objects.filter(pk=space.pk).update(
                follower_count=F("follower_count") + size
            )
        # The reader (in every fan-out space) also follows a few history spaces.
        world.reader_id = world.first_citizen + min(sizes) // 2
        long_ago = timezone.now() - timedelta(days=400)
        for space in world.history_spaces[:READER_HISTORY_FOLLOWS]:
            Follow.objects.create(citizen_id=world.reader_id, space=space, created_at=long_ago)

    with _timed(world, "history events"), transaction.atomic():
        _seed_events(world, sizes)

    with _timed(world, "personal notifications"), transaction.atomic():
        _skip_foreign_key_checks()
        _seed_personal(world)

    # Outside any transaction (VACUUM refuses one): fresh statistics and visibility maps,
    # as a database that has lived for a while has.
    with _timed(world, "vacuum analyze"), connection.cursor() as cursor:
        for model in (Citizen, Follow, Event, Notification, InboxState):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return world


def _seed_events(world: World, sizes: list[int]) -> None:
    """The history of events, oldest first so ids grow with time, as in production."""
    from notifications.models import Event

    space_ids, proposal_ids, counts, actor_ids = [], [], [], []
    for size, history in zip(sizes, AUDIENCE_HISTORY, strict=False):
        space_ids.append(world.spaces[size].pk)
        proposal_ids.append(world.proposals[size].pk)
        counts.append(history)
        actor_ids.append(world.deciders[size].pk)
    # History spaces reuse the largest space's proposal: only the space matters here.
    for space in world.history_spaces:
        space_ids.append(space.pk)
        proposal_ids.append(world.proposals[sizes[0]].pk)
        counts.append(AUDIENCE_PER_HISTORY_SPACE)
        actor_ids.append(world.deciders[sizes[0]].pk)
    all_spaces = space_ids
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_history")
        cursor.execute(
            """
            CREATE TEMP TABLE bench_history AS
            WITH spaces AS (
                SELECT unnest(%s::bigint[]) AS space_id, unnest(%s::bigint[]) AS proposal_id,
                       unnest(%s::int[]) AS n, unnest(%s::bigint[]) AS actor_id
            )
            SELECT CASE WHEN g %% 3 = 0 THEN 'proposal.answered' ELSE 'proposal.read' END
                       AS kind,
                   s.actor_id, s.space_id, s.proposal_id,
                   (CASE WHEN g %% 3 = 0 THEN '{"outcome": "accepted"}' ELSE '{}' END)::jsonb
                       AS data,
                   now() - interval '365 days' + (g::float / s.n) * interval '364 days'
                       AS created_at
              FROM spaces s, generate_series(1, s.n) AS g
            UNION ALL
            SELECT (ARRAY['proposal.status_changed', 'comment.replied', 'content.hidden',
                          'proposal.answered'])[1 + g %% 4],
                   %s, (%s::bigint[])[1 + g %% %s], %s,
                   (ARRAY['{"to": "under_consideration"}', '{}', '{"reason": "off-topic"}',
                          '{"outcome": "declined"}'])[1 + g %% 4]::jsonb,
                   now() - interval '365 days' + (g::float / %s) * interval '364 days'
              FROM generate_series(1, %s) AS g
            """,
            [
                space_ids, proposal_ids, counts, actor_ids,
                world.moderator.pk, all_spaces, len(all_spaces), world.proposals[sizes[0]].pk,
                PERSONAL_EVENTS, PERSONAL_EVENTS,
            ],
        )  # fmt: skip
    insert_select(
        Event,
        "bench_history ORDER BY created_at",
        {
            "kind": "kind",
            "actor_id": "actor_id",
            "space_id": "space_id",
            "proposal_id": "proposal_id",
            "data": "data",
            "created_at": "created_at",
            # History is delivered: the relay must not pick it up.
            "dispatched_at": "created_at",
        },
    )
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_history")


def _seed_personal(world: World) -> None:
    """PERSONAL_EVENTS × PER_EVENT personal rows, plus the reader's own."""
    from notifications.models import Event, Notification

    personal = (
        "(SELECT e.id, e.kind, e.space_id, e.created_at, "
        "        row_number() OVER (ORDER BY e.id) - 1 AS i "
        f"  FROM {Event._meta.db_table} e WHERE e.actor_id = {int(world.moderator.pk)}) AS pe "
        f"CROSS JOIN generate_series(0, {PER_EVENT - 1}) AS k"
    )
    insert_select(
        Notification,
        personal,
        {
            "recipient_id": (
                f"{int(world.first_citizen)} + "
                f"((pe.i * {PER_EVENT} + k) * {STRIDE}) %% {int(world.citizens)}"
            ),
            "event_id": "pe.id",
            "kind": "pe.kind",
            "space_id": "pe.space_id",
            "created_at": "pe.created_at",
            # Seven in ten are read, an hour after they arrived.
            "read_at": "CASE WHEN (pe.i + k) %% 10 < 7 THEN pe.created_at + interval '1 hour' END",
        },
    )
    reader = (
        "(SELECT e.id, e.kind, e.space_id, e.created_at, "
        "        row_number() OVER (ORDER BY e.id) - 1 AS i "
        f"  FROM {Event._meta.db_table} e WHERE e.actor_id = {int(world.moderator.pk)}) AS pe "
        f"WHERE pe.i %% {READER_EVERY} = 0"
    )
    insert_select(
        Notification,
        reader,
        {
            "recipient_id": str(int(world.reader_id)),
            "event_id": "pe.id",
            "kind": "pe.kind",
            "space_id": "pe.space_id",
            "created_at": "pe.created_at",
            "read_at": (
                f"CASE WHEN pe.i %% {READER_UNREAD_EVERY} <> 0 "
                "THEN pe.created_at + interval '1 hour' END"
            ),
        },
        suffix="ON CONFLICT DO NOTHING",
    )
