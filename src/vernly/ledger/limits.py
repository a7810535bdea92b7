"""Rate-limit counters, in the ledger so that every server behind a load balancer counts
the same hits.

A counter is the number of hits on one key in one fixed window. Keys are hashed before they
are stored: a limit per e-mail address does not keep the address.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vernly.ledger.base import Base


class RateCounter(Base):
    """Hits on one key in the window starting at `window_start`."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    """SHA-256 (hex) of the limit's name and the value limited (an address, a client)."""
    window_start: Mapped[datetime] = mapped_column(primary_key=True)
    """Start of the fixed window the hits fall in (UTC)."""
    hits: Mapped[int] = mapped_column(Integer, default=0)
    """Hits counted in the window, refused ones included."""
