"""The Celery application.

Without a broker (``CELERY_BROKER_URL``/``REDIS_URL`` unset) tasks run eagerly in-process,
which is what ``make run`` uses; with one, ``celery -A civic worker`` runs them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic.settings")

app = Celery("civic")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
