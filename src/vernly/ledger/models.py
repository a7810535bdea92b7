"""Every ledger model, imported in one place so the metadata (and Alembic) sees them all."""

from vernly.ledger.audit import AuditEntry, AuditHead
from vernly.ledger.base import Base

__all__ = ["AuditEntry", "AuditHead", "Base"]
