"""The audit log: who did what, when, to which object, before and after.

Every privileged write of every app (decision makers, moderators, organisers, staff) records
one ``AuditEntry`` through ``civic.audit.services.audit_record``, in the same transaction
as the change it records.
"""
