"""The Celery application.

Without a broker (``CELERY_BROKER_URL``/``REDIS_URL`` unset) tasks run eagerly in-process,
which is what ``make run`` uses; with one, ``celery -A civic worker`` runs them.

Two queues: the default one (``civic``: dispatch, the relay, digests' planning, exports…)
and ``<default>.email`` for the mail tasks, so that an email backlog never delays the relay
or an event's dispatch. A worker consumes both unless told otherwise (``-Q civic.email``
makes an email-only worker, ``-Q civic`` one without email).
"""

import os

from celery import Celery
from celery.signals import celeryd_after_setup

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic.settings")

app = Celery("civic")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

EMAIL_TASKS = frozenset(
    {
        "notifications.send_notification_emails",
        "notifications.send_notification_email",
        "notifications.send_digest",
    }
)


def email_queue() -> str:
    return f"{app.conf.task_default_queue}.email"


def route(name, args, kwargs, options, task=None, **kw):
    """``task_routes``: the mail tasks go to the email queue, everything else to the default."""
    if name in EMAIL_TASKS:
        return {"queue": email_queue()}
    return None


app.conf.task_routes = (route,)


@celeryd_after_setup.connect
def _consume_the_email_queue(sender, instance, **kwargs):
    """A worker that consumes the default queue consumes the email queue too."""
    queues = instance.app.amqp.queues
    if instance.app.conf.task_default_queue in queues.consume_from:
        queues.select_add(email_queue())
