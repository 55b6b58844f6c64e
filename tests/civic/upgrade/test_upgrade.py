"""A database at the pre-reshape schema (5284b38) upgrades to today's with no data lost.

The test migrates the test database back to the leaf migrations every app had at 5284b38
(``pre_reshape_leaves.json``; apps born since go to ``zero``), empties it, loads the demo
database of that commit (``pre_reshape.json.xz``, README.md says how it was made) through
the *historical* models of that state, migrates forward to today's leaves, and compares:
every row of the dump must be found, under the app that holds its model today (``MOVED``),
with the same values; content types must carry the new labels, so the admin log and the
permissions that pointed at a moved model point at it still.

The dump holds the content types and permissions with their ids, and the tables are emptied
before it loads: the foreign keys to them (admin log entries, permission grants) load as
they were, with no remapping, exactly as in the old production database.

The database is left migrated to today's leaves (also when the test fails half-way), and
pytest-django flushes it afterwards (``transaction=True``). Nothing depends on the test
database's name, so it runs under pytest-xdist too.
"""

from __future__ import annotations

import json
import lzma
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps as current_apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

pytestmark = pytest.mark.upgrade

HERE = Path(__file__).parent
DUMP = HERE / "pre_reshape.json.xz"
LEAVES = HERE / "pre_reshape_leaves.json"

# Where each model of the pre-reshape database lives today: "old_app.model" -> "new_app.model"
# (lower-case labels, as in the dump). A model absent from this table is expected under its
# old label; one found under neither fails the test, naming it.
MOVED = {
    "proposals.auditentry": "audit.auditentry",
    "proposals.consultation": "consultations.consultation",
    "proposals.contribution": "consultations.contribution",
    "proposals.agreement": "consultations.agreement",
    "proposals.comment": "discussions.comment",
    "proposals.flag": "discussions.flag",
    "challenges.competencearea": "competences.competencearea",
    "challenges.competence": "competences.competence",
    "challenges.quizquestion": "competences.quizquestion",
    "challenges.quizchoice": "competences.quizchoice",
    "challenges.lessonread": "competences.lessonread",
    "challenges.quizattempt": "competences.quizattempt",
    "challenges.selfassessment": "competences.selfassessment",
}

# Rows that today's migrations add to a table of the dump (compared as dumped + added).
ADDED_BY_MIGRATIONS = {
    "auth.group": 1,  # civic 0004: the "Platform staff" group
}


def new_label(old_label: str) -> str:
    return MOVED.get(old_label, old_label)


def model_now(old_label: str):
    """Today's model class for ``old_label`` of the dump; fails if there is none."""
    label = new_label(old_label)
    try:
        return current_apps.get_model(label)
    except LookupError:
        hint = (
            f"MOVED maps it to {label!r}, which is no model"
            if old_label in MOVED
            else f"add '{old_label}': '<app_label>.<model>' to MOVED in {__name__}"
        )
        pytest.fail(f"{old_label} of the pre-reshape database is no model today: {hint}")


@cache
def dump() -> tuple[dict, ...]:
    with lzma.open(DUMP, "rt", encoding="utf-8") as file:
        return tuple(json.load(file))


def old_leaves() -> dict[str, str]:
    return json.loads(LEAVES.read_text())["leaves"]


def old_state_apps(loader: MigrationLoader):
    """The app registry of the historical models at the pre-reshape leaves."""
    return loader.project_state(list(old_leaves().items())).apps


def old_targets(loader: MigrationLoader) -> list[tuple[str, str | None]]:
    """Every app of today's graph at its pre-reshape leaf; apps born since at zero."""
    leaves = old_leaves()
    today = {app for app, _name in loader.graph.leaf_nodes()}
    gone = sorted(set(leaves) - today)
    assert not gone, f"apps of the pre-reshape database have no migrations today: {gone}"
    missing = sorted(node for node in leaves.items() if node not in loader.graph.nodes)
    assert not missing, f"pre-reshape leaves missing from today's graph (squashed?): {missing}"
    return [(app, leaves.get(app)) for app in sorted(today)]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)  # a loader that sees what is applied now


def empty_tables(old_apps) -> None:
    """Empty every table of the old state (a fresh database at the old schema)."""
    tables = sorted(
        {
            model._meta.db_table
            for model in old_apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    )


def load(old_apps, rows) -> None:
    """Insert the dumped rows through the historical models, keeping every id.

    Raw inserts (``_insert(raw=True)``, as ``loaddata`` does through ``save_base(raw=True)``)
    so that ``auto_now`` fields keep their dumped values; foreign keys are checked at commit
    (Django creates them deferrable on SQLite and PostgreSQL), so the order does not matter.
    """
    objects = defaultdict(list)
    for row in rows:
        model = old_apps.get_model(row["model"])
        opts = model._meta
        values = {opts.pk.attname: opts.pk.to_python(row["pk"])}
        for name, value in row["fields"].items():
            field = opts.get_field(name)
            if field.many_to_many:
                through = field.remote_field.through
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                objects[through].extend(
                    through(**{f"{source}_id": values[opts.pk.attname], f"{target}_id": other})
                    for other in value
                )
            else:
                values[field.attname] = field.to_python(value)
        objects[model].append(model(**values))
    with transaction.atomic():
        for model, instances in objects.items():
            fields = model._meta.local_concrete_fields
            if model._meta.auto_created:  # many-to-many rows: the dump has no ids for them
                fields = [field for field in fields if not field.primary_key]
            size = max(connection.ops.bulk_batch_size(fields, instances), 1)
            for start in range(0, len(instances), size):
                model._base_manager._insert(instances[start : start + size], fields, raw=True)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(objects)):
                cursor.execute(sql)


def rows_now(model) -> dict:
    """Today's rows of ``model`` by pk, their fields as dumpdata writes them.

    Many-to-many fields are read from their tables in one query each, as lists of ids (the
    serializer would build a queryset per row and field even when prefetched).
    """
    opts = model._meta
    plain = [field.name for field in opts.local_fields if not field.primary_key]
    rows = serializers.serialize("python", model._base_manager.all(), fields=plain)
    rows = {row["pk"]: row for row in json.loads(json.dumps(rows, cls=DjangoJSONEncoder))}
    for field in opts.local_many_to_many:
        through = field.remote_field.through
        for row in rows.values():
            row["fields"][field.name] = []
        pairs = through._base_manager.values_list(
            f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        )
        for pk, other in pairs:
            rows[pk]["fields"][field.name].append(other)
    return rows


def expected_fields(old_label: str, fields: dict) -> dict:
    """What a dumped row's fields must be today: a moved model's content type is relabelled."""
    if old_label != "contenttypes.contenttype":
        return fields
    app_label, model = new_label(f"{fields['app_label']}.{fields['model']}").split(".")
    return {**fields, "app_label": app_label, "model": model}


def differences(old_label: str, dumped: list[dict]) -> list[str]:
    """Every row, field and link of ``dumped`` that today's table lost or changed."""
    model = model_now(old_label)
    now = rows_now(model)
    m2m = {field.name for field in model._meta.many_to_many}
    problems = []
    for row in dumped:
        found = now.get(row["pk"])
        if found is None:
            problems.append(f"{old_label} #{row['pk']}: row missing")
            continue
        for name, value in expected_fields(old_label, row["fields"]).items():
            if name not in found["fields"]:
                problems.append(f"{old_label} #{row['pk']}: field {name!r} gone")
            elif name in m2m:
                # Migrations may add links (civic 0004 puts staff in a group), never lose one.
                lost = set(value) - set(found["fields"][name])
                if lost:
                    problems.append(f"{old_label} #{row['pk']}.{name}: links lost {sorted(lost)}")
            elif found["fields"][name] != value:
                problems.append(
                    f"{old_label} #{row['pk']}.{name}: {value!r} became {found['fields'][name]!r}"
                )
    return problems


@pytest.fixture
def upgraded(transactional_db):
    """The pre-reshape database, loaded at the old schema, then migrated to today's."""
    executor = MigrationExecutor(connection)
    if not executor.loader.migrated_apps:
        pytest.skip("migrations are disabled (--nomigrations)")
    try:
        executor = migrate(old_targets(executor.loader))
        old_apps = old_state_apps(executor.loader)
        empty_tables(old_apps)
        load(old_apps, dump())
    finally:
        # Today's schema again, whatever happened above: later tests need it.
        executor = migrate(executor.loader.graph.leaf_nodes())
        ContentType.objects.clear_cache()  # ids cached before the tables were emptied
    yield
    ContentType.objects.clear_cache()


def test_every_model_of_the_old_schema_has_rows_in_the_fixture():
    """The fixture is representative: each table of 5284b38 (many-to-many ones too) has rows."""
    old_apps = old_state_apps(MigrationLoader(None, ignore_no_migrations=True))
    counts = Counter(row["model"] for row in dump())
    links = Counter(
        f"{row['model']}.{name}"
        for row in dump()
        for name, value in row["fields"].items()
        if isinstance(value, list) and value
    )
    empty = []
    for model in old_apps.get_models():
        opts = model._meta
        if opts.proxy or not opts.managed:
            continue
        if not counts[opts.label_lower]:
            empty.append(opts.label_lower)
        empty.extend(
            f"{opts.label_lower}.{field.name}"
            for field in opts.local_many_to_many
            if field.remote_field.through._meta.auto_created
            and not links[f"{opts.label_lower}.{field.name}"]
        )
    assert not empty, f"no rows in the fixture for {empty}: extend populate_old.py"


def test_every_model_of_the_fixture_is_a_model_today():
    old_apps = old_state_apps(MigrationLoader(None, ignore_no_migrations=True))
    for old_label in sorted({row["model"] for row in dump()}):
        old_apps.get_model(old_label)  # the dump matches its leaves file
        model_now(old_label)
    for old_label in MOVED:
        assert old_label in {row["model"] for row in dump()}, f"MOVED: no {old_label} dumped"


def assert_every_row_kept(by_model: dict[str, list[dict]]) -> None:
    counts = {
        old_label: (
            len(rows) + ADDED_BY_MIGRATIONS.get(old_label, 0),
            model_now(old_label)._base_manager.count(),
        )
        for old_label, rows in sorted(by_model.items())
    }
    wrong = {label: pair for label, pair in counts.items() if pair[0] != pair[1]}
    assert not wrong, f"rows (expected, found) under today's labels: {wrong}"
    problems = [p for label, rows in sorted(by_model.items()) for p in differences(label, rows)]
    assert not problems, "\n".join(problems[:50])


def assert_content_types_follow_the_moves(by_model: dict[str, list[dict]]) -> None:
    """The dumped content type of each moved model is the new model's, under its new label:
    the admin log entries and permissions that pointed at it (by id) follow it."""
    dumped = {
        f"{row['fields']['app_label']}.{row['fields']['model']}": row["pk"]
        for row in by_model["contenttypes.contenttype"]
    }
    for old_label, label in MOVED.items():
        old_app, name = old_label.split(".")
        stale = ContentType.objects.filter(app_label=old_app, model=name)
        assert not stale.exists(), f"content type {old_label} left behind"
        content_type = ContentType.objects.get_for_model(model_now(old_label))
        assert (content_type.pk, content_type.app_label) == (dumped[old_label], label.split(".")[0])


def assert_what_people_see() -> None:
    """A few rows read through today's models and relations, as the pages show them."""
    from django.contrib.admin.models import LogEntry

    Citizen = model_now("civic.citizen")
    proposal = model_now("proposals.proposal").objects.get(
        title="Collect bio-waste every week in every arrondissement"
    )
    assert (proposal.space.name, proposal.author.email) == ("Paris", "citizen@civic.localhost")
    assert (proposal.status, proposal.supports.count(), proposal.comment_count) == (
        "accepted", 6, 2,
    )  # fmt: skip
    reply = proposal.comments.get(parent__isnull=False)
    assert (reply.text, reply.parent.text[:10]) == ("Thank you, I will add it.", "Good idea.")

    consultation = model_now("proposals.consultation").objects.get()
    assert consultation.question == "How should we share the streets around schools?"
    assert consultation.space.name == "Paris"
    first, second = consultation.contributions.order_by("pk")
    assert first.text.startswith("Keep a lane for delivery bikes")
    assert second.text.startswith("Plant trees where cars used to park")
    assert first.agreements.get().citizen.email == "citizen@civic.localhost"

    comment = model_now("proposals.comment").objects.get(text__startswith="A delivery lane")
    assert comment.contribution == first
    assert comment.hidden_reason == "Off topic: the market has its own consultation."
    flag = comment.flags.get()
    assert (flag.reason, flag.citizen.email) == ("off_topic", "citizen@civic.localhost")
    assert flag.dismissed_at is not None
    assert second.flags.get().details == "Trees are planned already."

    event = model_now("notifications.event").objects.get(kind="content.hidden")
    assert event.comment == comment
    notification = event.notifications.get()
    assert (notification.kind, notification.recipient.email) == (
        "content.hidden", "lucas@civic.localhost",
    )  # fmt: skip

    audit = model_now("proposals.auditentry").objects.get(action="content.hide")
    assert (audit.object_type, audit.object_id, audit.space.name) == (
        "comment",
        comment.pk,
        "Paris",
    )
    assert audit.actor.email == "paris@civic.localhost"

    camille = Citizen.objects.get(email="citizen@civic.localhost")
    assert (camille.display_name, camille.home.name) == ("Camille Martin", "Paris")
    attempt = model_now("challenges.quizattempt").objects.get(citizen=camille)
    assert attempt.passed and attempt.score == attempt.total > 0
    assert model_now("challenges.selfassessment").objects.get(citizen=camille).level == 3

    # Grants on moved models follow them; civic 0004 made the staff member platform staff.
    staff = Citizen.objects.get(email="moderation@civic.localhost")
    assert set(staff.groups.values_list("name", flat=True)) == {"Moderators", "Platform staff"}
    for perm in [
        f"{new_label('proposals.consultation').split('.')[0]}.change_consultation",
        f"{new_label('proposals.auditentry').split('.')[0]}.view_auditentry",
        f"{new_label('proposals.comment').split('.')[0]}.change_comment",  # through the group
    ]:
        assert staff.has_perm(perm), perm
    edited = {entry.get_edited_object() for entry in LogEntry.objects.all()}
    assert {comment, consultation, proposal} <= edited


@pytest.mark.django_db(transaction=True)
def test_the_pre_reshape_database_upgrades_with_nothing_lost(upgraded):
    """One upgrade (seconds), three readings of it: rows, content types, what people see."""
    by_model = defaultdict(list)
    for row in dump():
        by_model[row["model"]].append(row)
    assert_every_row_kept(by_model)
    assert_content_types_follow_the_moves(by_model)
    assert_what_people_see()
