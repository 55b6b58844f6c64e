"""Handing a task to the broker from a web request, without ever waiting on the broker.

``enqueue(task, *args)`` is what services call after their commit (``transaction.on_commit``).
The change is saved and an outbox row (an undispatched event, a pending archive) says what
is left to do, so the publish is only a shortcut: it gets ``ENQUEUE_TIMEOUT`` seconds; a
broker that refuses, hangs or is slower than that is left to the periodic relay, and for
``BROKER_PAUSE`` seconds this process does not try again (no request pays a timeout in
the meantime). It never raises.

Without a broker (``make run``: ``CELERY_TASK_ALWAYS_EAGER``) the task runs here and now;
whatever it meets is logged, not raised, as a worker's failure would be.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

logger = logging.getLogger(__name__)

ENQUEUE_TIMEOUT = 0.3
BROKER_PAUSE = 15.0

_publisher = ThreadPoolExecutor(max_workers=2, thread_name_prefix="civic-enqueue")
_state = {"down_until": 0.0}
_lock = threading.Lock()


def broker_paused() -> bool:
    """Whether this process stopped trying the broker for a moment (it failed just now)."""
    return time.monotonic() < _state["down_until"]


def _pause(reason: str) -> None:
    with _lock:
        if not broker_paused():
            logger.warning("The broker is unavailable (%s): the relay will retry.", reason)
        _state["down_until"] = time.monotonic() + BROKER_PAUSE


def resume() -> None:
    """Try the broker again at the next call (tests; a health check that saw it back)."""
    _state["down_until"] = 0.0


def enqueue(task, *args) -> bool:
    """Publish ``task(*args)``; True if the broker took it in time. Never raises."""
    from civic.celery import app

    if app.conf.task_always_eager:
        try:
            task.delay(*args)
        except Exception:
            logger.exception("%s%r failed; the relay will retry.", task.name, args)
            return False
        return True
    if broker_paused():
        return False
    future = _publisher.submit(task.delay, *args)
    try:
        future.result(timeout=ENQUEUE_TIMEOUT)
    except FutureTimeout:
        _pause(f"no answer within {ENQUEUE_TIMEOUT}s")
        return False
    except Exception as error:  # refused, dropped: kombu's OperationalError, OSError…
        _pause(repr(error))
        return False
    return True
