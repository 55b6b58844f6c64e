"""civic: the project package (settings, urls, the Celery app and the Citizen model)."""

from civic.celery import app as celery_app

__all__ = ["celery_app"]
