"""What the audit log holds of a citizen (``civic.privacy``): nothing exported."""

from civic.privacy import OFFICIAL_ACT, Exempt, register

register("audit", Exempt("audit.AuditEntry.actor", OFFICIAL_ACT))
