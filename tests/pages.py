"""Helpers every test package uses to reach and read pages: an admin address, a client
logged in as someone, the HTML of a response."""

from __future__ import annotations

from django.urls import reverse


def admin_url(model, view: str, *args) -> str:
    """The admin address of ``model``'s ``view`` ("changelist", "change", "add"…)."""
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def as_(client, user):
    """``client`` logged in as ``user``."""
    client.force_login(user)
    return client


def page(response) -> str:
    """The HTML of ``response``."""
    return response.content.decode()
