"""Who holds a lease in the ledger: a token naming the process (host, pid) and the attempt,
for the operator reading who holds what. Shared by the retention sweep lock and the request
run lease; whether a holder is alive is told by its heartbeat (`vernly.engine.heartbeat`),
never by its PID or host name, which containers share and reuse."""

from __future__ import annotations

import os
import secrets
import socket


def new_owner() -> str:
    """A token naming this process (host, pid) and this attempt."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"
