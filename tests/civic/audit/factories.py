"""Factories of the audit app: an audit row (``civic.audit.services.audit_record`` writes the
real ones)."""

import factory

from civic.audit.models import AuditEntry
from tests.civic.factories import CitizenFactory
from tests.jurisdictions.factories import JurisdictionFactory


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
