"""A stand-in for an HTTP SMS gateway, as a real local HTTP server speaking the request
format vernly's `SmsGateway` transport uses: `POST /sms` with JSON `{to, from, text,
reference}`, `Authorization: Bearer <token>` and an `Idempotency-Key` header.

Like real gateways it answers 401 to a wrong token, 400 to a malformed body, and 200 to a
repeat of an idempotency key it has seen (without sending again). It can be stopped and
started again on the same port to play a gateway that is down.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.support.mailbox import free_port


@dataclass
class Sms:
    to: str
    sender: str
    text: str
    reference: str
    key: str


@dataclass
class SmsGateway:
    token: str = "gateway-token"
    port: int = field(default_factory=free_port)
    delivered: list[Sms] = field(default_factory=list)
    posts: int = 0
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sms"

    def settings_env(self) -> dict[str, str]:
        return {"VERNLY_SMS_GATEWAY_URL": self.url, "VERNLY_SMS_GATEWAY_TOKEN": self.token}

    def to(self, number: str) -> list[Sms]:
        return [m for m in self.delivered if m.to == number]

    def start(self) -> None:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                gateway._handle(self)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.posts += 1
        if request.path != "/sms":
            return _answer(request, 404, {"error": "no such endpoint"})
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return _answer(request, 401, {"error": "bad token"})
        length = int(request.headers.get("Content-Length") or 0)
        try:
            body = json.loads(request.rfile.read(length))
            sms = Sms(body["to"], body["from"], body["text"], str(body["reference"]),
                      request.headers["Idempotency-Key"])
        except (ValueError, KeyError, TypeError):
            return _answer(request, 400, {"error": "malformed message"})
        with self._lock:
            repeat = any(m.key == sms.key for m in self.delivered)
            if not repeat:
                self.delivered.append(sms)
        _answer(request, 200, {"status": "accepted", "repeat": repeat})


def _answer(request: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
    data = json.dumps(body).encode()
    request.send_response(status)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(data)))
    request.end_headers()
    request.wfile.write(data)


@contextmanager
def sms_gateway() -> Iterator[SmsGateway]:
    gateway = SmsGateway()
    gateway.start()
    try:
        yield gateway
    finally:
        gateway.stop()
