"""Standing decisions about a person that later processing must honour.

A restriction (Art. 18) or objection (Art. 21) outlives the request that created it:
retention sweeps, exports and the consent decision API read these flags until they are
lifted. A consent withdrawal (Art. 7(3)) is kept the same way, scoped to the activities
whose basis was consent.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vernly.ledger.base import Base


class SubjectFlag(Base):
    """A restriction, objection or consent withdrawal in force for one person."""

    __tablename__ = "subject_flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    """Surrogate key."""
    kind: Mapped[str] = mapped_column(String(20), index=True)
    """restriction, objection or withdrawal."""
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    """Normalised e-mail address of the person (lower case)."""
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    """Normalised phone number (E.164)."""
    scope: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Activity ids the flag applies to, and/or 'marketing' (all direct marketing);
    empty for a restriction, which covers all processing but storage."""
    set_at: Mapped[datetime]
    """When the flag took effect."""
    lifted_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    """When it was lifted; None while in force."""
    request_id: Mapped[str | None] = mapped_column(ForeignKey("dsr_requests.id"), default=None)
    """The request that set it."""
    lifted_by_request_id: Mapped[str | None] = mapped_column(String(40), default=None)
    """The request that lifted it."""
    notified_before_lift_at: Mapped[datetime | None] = mapped_column(default=None)
    """When the person was told the restriction would be lifted (Art. 18(3))."""
