"""Factories of the audit app: an audit row (``civic.audit.services.audit_record`` writes the
real ones)."""

import factory

from civic.audit.models import AuditEntry
from tests.civic.factories import CitizenFactory
from tests.jurisdictions.factories import JurisdictionFactory


def audit_count(action: str, obj) -> int:
    """How many audit rows say ``action`` was done to ``obj``."""
    return AuditEntry.objects.filter(
        action=action, object_type=obj._meta.model_name, object_id=obj.pk
    ).count()


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEntry

    actor = factory.SubFactory(CitizenFactory)
    space = factory.SubFactory(JurisdictionFactory)
    action = "proposal.read"
    object_type = "proposal"
    object_id = factory.Sequence(lambda n: n + 1)
    before = "submitted"
    after = "read"
