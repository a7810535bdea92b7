"""What the schemathesis run did, for the line `make test` prints at the end."""

from __future__ import annotations

CALLS: list[str] = []
"""One entry per API call schemathesis made: the operation's label."""
