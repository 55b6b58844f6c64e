"""The kind registry: each app declares its kinds; the kind columns take any declared key."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy

from notifications import registry
from notifications.models import Event, Notification, Preference
from notifications.services import event_record


def test_every_kind_is_declared_in_the_notifications_module_of_an_app():
    modules = {kind.module for kind in registry.all_kinds()}
    assert modules >= {
        "proposals.notifications",
        "proposals.discussions.notifications",
        "proposals.consultations.notifications",
        "chapters.notifications",
        "challenges.notifications",
    }
    assert all(module.endswith(".notifications") for module in modules)


def test_a_kind_compares_as_its_key_and_knows_its_label():
    kind = registry.get("proposal.read")
    assert kind == "proposal.read" and str(kind) == "proposal.read"
    assert str(kind.label) == "Proposal read"
    assert registry.label_of("no.longer.declared") == "no.longer.declared"


def test_the_kind_columns_accept_new_kinds_without_a_migration():
    for model in (Event, Notification, Preference):
        assert not model._meta.get_field("kind").choices


def test_a_kind_offered_in_the_preferences_must_tell_someone():
    with pytest.raises(ValueError, match="must tell someone"):
        registry.Kind("x.y", label=gettext_lazy("X"), preference=gettext_lazy("Tell me"))


def test_a_kind_cannot_be_declared_twice():
    with pytest.raises(ValueError, match="declared twice"):
        registry.register(registry.Kind("proposal.read", label=gettext_lazy("Again")))


@pytest.mark.django_db
def test_recording_an_undeclared_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="no declared notification kind"):
        event_record(kind="proposal.teleported")
    assert not Event.objects.exists()
