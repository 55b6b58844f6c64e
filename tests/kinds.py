"""Every declared notification kind by its constant's name, for tests: ``K.PROPOSAL_READ``.

The kinds are declared by each app's ``notifications.py`` (``notifications.registry``); this
collects them so a test can name any of them without knowing which app declares it.
"""

from __future__ import annotations

from importlib import import_module
from types import SimpleNamespace

from django.apps import apps

from notifications.registry import Kind


def _collect() -> SimpleNamespace:
    found = {}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.notifications")
        except ModuleNotFoundError:
            continue
        kinds = {name: value for name, value in vars(module).items() if isinstance(value, Kind)}
        found.update(kinds)
    return SimpleNamespace(**found)


K = _collect()
