"""Operations shared by the migrations that move models from one app to another.

A model moves in three migrations, so that an existing database upgrades with no data loss
(``tests/civic/upgrade/test_upgrade.py`` migrates a database holding the demo at the old
layout):

1. the new app's ``0001`` creates the model *in the migration state only*, on the old table
   (``SeparateDatabaseAndState`` with ``db_table`` set to the old name); foreign keys of
   other apps are pointed at it, state only too;
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

# What a migration that calls ``move_content_types`` must depend on.
CONTENT_TYPE_DEPENDENCIES = [
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0012_alter_user_first_name_max_length"),
]


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
