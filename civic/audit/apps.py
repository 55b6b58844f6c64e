"""The audit app (label ``audit``): who did what, where, for every privileged write."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "civic.audit"
    label = "audit"
    verbose_name = _("Audit log")
