"""A TCP relay on a loopback port to a real server, which a test can close and reopen: while
closed, nothing listens on the port (connecting is refused) and every relayed connection is
cut, as when the server's host goes away; reopened, the same port relays again."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress


class TcpRelay:
    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def open(self) -> None:
        """Listen (again, on the same port once it has one) and relay every connection."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def close(self) -> None:
        """Stop listening and cut every relayed connection."""
        with self._lock:
            if self._listener is not None:
                # shutdown() first: a close() alone leaves the accept() blocked in the other
                # thread listening, and it would relay one more connection.
                _cut(self._listener)
                self._listener = None
            for sock in self._open:
                _cut(sock)
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._listener is not listener:  # closed while this one was accepted
                    _cut(client)
                    _cut(server)
                    continue
                self._open.update((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            _cut(sink)


def _cut(sock: socket.socket) -> None:
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


@contextmanager
def tcp_relay(host: str, port: int) -> Iterator[TcpRelay]:
    relay = TcpRelay((host, port))
    relay.open()
    try:
        yield relay
    finally:
        relay.close()
