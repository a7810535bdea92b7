"""Every ledger model, imported in one place so the metadata (and Alembic) sees them all."""

from vernly.ledger.audit import AuditEntry, AuditHead
from vernly.ledger.base import Base
from vernly.ledger.consent import ConsentEvent, ConsentRecord
from vernly.ledger.limits import RateCounter
from vernly.ledger.messages import MessageAttempt, OutboxMessage
from vernly.ledger.operators import Operator
from vernly.ledger.requests import DsrRequest, ManualTask, RequestStep, VerificationCode
from vernly.ledger.retention import LegalHold, RetentionEvent, RetentionTask, SweepLock, SweepRun
from vernly.ledger.subjects import SubjectFlag
from vernly.ledger.users import ConsoleSession, User

__all__ = ["AuditEntry", "AuditHead", "Base", "ConsentEvent", "ConsentRecord", "ConsoleSession",
           "DsrRequest",
           "LegalHold", "ManualTask", "MessageAttempt", "Operator", "OutboxMessage",
           "RateCounter", "RequestStep", "RetentionEvent", "RetentionTask", "SubjectFlag",
           "SweepLock", "SweepRun", "User", "VerificationCode"]


UNMODELLED_TABLES = frozenset({"vernly_schema"})
"""Tables in the ledger that no model describes: the migration fingerprint (`db.migrate`)."""


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's filter: autogenerate leaves the unmodelled tables alone."""
    return not (type_ == "table" and name in UNMODELLED_TABLES)
