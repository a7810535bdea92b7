"""A real local SMTP server (aiosmtpd) that keeps every message it receives."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message
from email.policy import default
from typing import Any


class Mailbox:
    """What the SMTP server received, newest last."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        # The default policy decodes headers, so a subject reads as people see it ('Besøk').
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]

    def code_for(self, address: str, timeout: float = 10.0) -> str:
        """The newest one-time code mailed to `address` (waits for it to arrive)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            mails = self.to(address)
            if mails:
                # The code ends the subject, whichever language leads it.
                found = re.search(r": (\d{6})$", str(mails[-1]["Subject"]))
                assert found, mails[-1]["Subject"]
                return found.group(1)
            time.sleep(0.05)
        raise AssertionError(f"no mail to {address} arrived")


def text_of(message: Message) -> str:
    """A plain-text message's body as the person reads it (decoded, newlines without CR)."""
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode().replace("\r", "")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server(port: int = 0) -> Iterator[Mailbox]:
    """An SMTP server on loopback (a free port unless given) for the `with` block."""
    from aiosmtpd.controller import Controller

    box = Mailbox()
    box.port = port or free_port()
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
