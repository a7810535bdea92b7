"""The demo's mail catcher: a small SMTP server on a free loopback port, in the process,
that accepts every message and sends nothing on. vernly's outbox records what was sent,
and the demo shows it at /demo/utboks, so a code can be read without a mail account."""

from __future__ import annotations

import socket
from typing import Any

from aiosmtpd.controller import Controller


class _Accept:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 OK: caught by the vernly demo, not sent on"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_catcher() -> Controller:
    """Start the catcher; its port is `controller.port` (stop it with `.stop()`)."""
    controller = Controller(_Accept(), hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller
