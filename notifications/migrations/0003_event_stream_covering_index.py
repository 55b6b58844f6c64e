"""A covering index for the audience stream, on PostgreSQL only.

``notifications.pg`` counts a citizen's unread audience events from this index alone
(index-only scan). SQLite has no ``INCLUDE``; it keeps ``event_space_stream_idx``.
"""

from django.db import migrations

NAME = "event_space_stream_cover_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON notifications_event "
            "(space_id, id DESC) INCLUDE (kind, created_at, actor_id)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_alter_event_kind_alter_notification_kind_and_more")]

    operations = [migrations.RunPython(create, drop)]
