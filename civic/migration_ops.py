"""Operations shared by the migrations that move models from one app to another.

A model moves in three migrations, so that an existing database upgrades with no data loss
(``tests/civic/upgrade/test_upgrade.py`` migrates a database holding the demo at the old
layout):

1. the new app's ``0001`` takes the model over *in the migration state only*, on the old
   table (``AdoptModels``: the old app's state of the model, copied under the new label with
   ``db_table`` set to the old name — no field is written out twice); foreign keys of other
   apps are pointed at it, state only too;
2. the old app's next migration deletes the model from the state only;
3. the new app's ``0002`` (which depends on 2) renames the table to the new app's name
   (``AlterModelTable(table=None)``: a real rename; rows, keys and the foreign keys pointing
   at it stay) and relabels the content type (``move_content_types``), so permissions
   granted on the model (``"old_app.change_x"`` becomes ``"new_app.change_x"``) and admin
   log entries follow it.

The rename comes last so that migrating the old app backwards (``migrate proposals 0004``)
first renames the table back: at every node of the graph the state and the tables agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import migrations
from django.db.migrations.operations.base import Operation

# What a migration that calls ``move_content_types`` must depend on.
CONTENT_TYPE_DEPENDENCIES = [
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0012_alter_user_first_name_max_length"),
]
# ... and one that calls ``settle_moved_models`` (admin log entries follow the content type).
MOVE_DEPENDENCIES = [*CONTENT_TYPE_DEPENDENCIES, ("admin", "0003_logentry_add_action_flag_choices")]


def settle_moved_models(source: str, target: str, models: Iterable[str]) -> list:
    """Step 3 of a move: the tables of ``models`` (lower-case names) get this app's names and
    their content types its label. A migration using it depends on ``MOVE_DEPENDENCIES``."""
    models = tuple(models)
    renames = [migrations.AlterModelTable(name=name, table=None) for name in models]
    return [*renames, move_content_types(source, target, models)]


def _relabel(apps, schema_editor, *, source: str, target: str, models: Iterable[str]) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    LogEntry = apps.get_model("admin", "LogEntry") if "admin" in apps.app_configs else None
    db = schema_editor.connection.alias
    for name in models:
        old = ContentType.objects.using(db).filter(app_label=source, model=name).first()
        if old is None:
            continue  # a database created after the move, or never used
        new = ContentType.objects.using(db).filter(app_label=target, model=name).first()
        if new is None:
            old.app_label = target
            old.save(update_fields=["app_label"])
            continue
        # Both exist (the new label was created meanwhile, e.g. by a partial upgrade):
        # carry every grant and log entry over to the new one, then drop the old one.
        for permission in Permission.objects.using(db).filter(content_type=old):
            twin = (
                Permission.objects.using(db)
                .filter(content_type=new, codename=permission.codename)
                .first()
            )
            if twin is None:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
                continue
            twin.user_set.add(*permission.user_set.all())
            twin.group_set.add(*permission.group_set.all())
            permission.delete()
        if LogEntry is not None:
            LogEntry.objects.using(db).filter(content_type=old).update(content_type=new)
        old.delete()


def move_content_types(source: str, target: str, models: Iterable[str]) -> migrations.RunPython:
    """A reversible ``RunPython`` relabelling the content types of ``models`` (lower-case
    model names) from app ``source`` to app ``target``."""
    models = tuple(models)

    def forwards(apps, schema_editor):
        _relabel(apps, schema_editor, source=source, target=target, models=models)

    def backwards(apps, schema_editor):
        _relabel(apps, schema_editor, source=target, target=source, models=models)

    return migrations.RunPython(forwards, backwards, elidable=False)


class AdoptModels(Operation):
    """Step 1 of a move: copy ``models`` of app ``source`` into this app's migration state,
    on their old tables (``db_table``), with no database change.

    The copy is the old app's own state of each model at this point of the graph, so the
    fields are never written out a second time. Foreign keys between the adopted models point
    at the copies; ``retarget`` maps other references (``{"proposals.contribution":
    "consultations.contribution"}``) to models adopted by an earlier migration.
    """

    reversible = True
    reduces_to_sql = False

    def __init__(self, source: str, models: Iterable[str], retarget: dict | None = None):
        self.source = source
        self.models = [name.lower() for name in models]
        self.retarget = {old.lower(): new.lower() for old, new in (retarget or {}).items()}

    def deconstruct(self):
        kwargs = {"source": self.source, "models": self.models}
        if self.retarget:
            kwargs["retarget"] = self.retarget
        return (self.__class__.__qualname__, [], kwargs)

    def state_forwards(self, app_label, state):
        targets = {**self.retarget}
        targets.update({f"{self.source}.{name}": f"{app_label}.{name}" for name in self.models})
        for name in self.models:
            old = state.models[self.source, name]
            new = old.clone()
            new.app_label = app_label
            table = old.options.get("db_table") or f"{self.source}_{name}"
            new.options = {**old.options, "db_table": table}
            new.fields = {key: _pointed(field, targets) for key, field in old.fields.items()}
            state.add_model(new)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        pass  # the tables stay where they are; a later AlterModelTable renames them

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def describe(self) -> str:
        return f"Take over {', '.join(self.models)} from {self.source} (state only)"

    @property
    def migration_name_fragment(self) -> str:
        return f"adopt_from_{self.source}"


def _pointed(field, targets: dict):
    """``field``, its relation pointed at the adopted copy when ``targets`` names its model."""
    remote = getattr(field, "remote_field", None)
    model = getattr(remote, "model", None)
    if not isinstance(model, str) or model.lower() not in targets:
        return field.clone()
    name, path, args, kwargs = field.deconstruct()
    kwargs["to"] = targets[model.lower()]
    return field.__class__(*args, **kwargs)
