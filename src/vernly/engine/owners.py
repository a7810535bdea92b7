"""Who holds a lease in the ledger: a token naming the process (host, pid) and the attempt,
and whether that process is known to be gone. Shared by the retention sweep lock and the
request run lease."""

from __future__ import annotations

import os
import secrets
import socket


def new_owner() -> str:
    """A token naming this process (host, pid) and this attempt."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def dead_here(owner: str) -> bool:
    """The owner token names a process on this host that no longer exists."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname()[:40] or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
