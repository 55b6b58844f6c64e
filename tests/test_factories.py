"""Every model has a factory, and every factory makes a row that passes the model's checks.

The factories live with their app's tests (``tests/<app>/factories.py``); this finds them
all, so a new model without a factory, or a factory that stopped producing valid rows, fails.
"""

from __future__ import annotations

import importlib
import pkgutil

import factory
import pytest
from django.apps import apps

import tests

PROJECT_APPS = {"civic", "audit", "jurisdictions", "proposals", "consultations", "discussions",
                "notifications", "chapters", "challenges", "competences"}  # fmt: skip


def _factories() -> dict:
    found = {}
    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        if module.name.rsplit(".", 1)[-1] != "factories":
            continue
        for value in vars(importlib.import_module(module.name)).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value._meta.model is not None
            ):
                found[value._meta.model] = value
    return found


FACTORIES = _factories()
MODELS = [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_model_has_a_factory(model):
    assert model in FACTORIES, f"no factory for {model._meta.label} in tests/<app>/factories.py"


@pytest.mark.django_db
@pytest.mark.parametrize("model", sorted(FACTORIES, key=lambda m: m._meta.label),
                         ids=lambda m: m._meta.label)  # fmt: skip
def test_each_factory_makes_a_valid_row(model):
    row = FACTORIES[model]()

    row.full_clean()
    assert model.objects.filter(pk=row.pk).exists()
