"""``AuditEntry``: one row per privileged action, append-only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet):
    def of(self, obj) -> AuditEntryQuerySet:
        """The entries about ``obj`` (any model instance), newest first."""
        return self.filter(object_type=obj._meta.model_name, object_id=obj.pk)


class AuditEntry(models.Model):
    """Who did what, when, to which object, with the state before and after.

    Written by the services of every app for every privileged action (dashboard, web, API
    and admin alike); append-only — the admin shows it read-only.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    action = models.CharField(_("what"), max_length=40, db_index=True)
    space = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name=_("space"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    object_type = models.CharField(_("object type"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("object id"))
    before = models.CharField(_("before"), max_length=40, blank=True)
    after = models.CharField(_("after"), max_length=40, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"
