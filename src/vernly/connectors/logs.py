"""A web server access log in the combined log format.

Changes never edit the file in place: the new content goes to a temporary file in the same
folder, is fsynced and renamed over the old one, so a crash leaves the old log or the new
one, never half of each. Bytes that are not UTF-8 survive untouched (surrogateescape).
"""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from vernly.connectors.identity import Identity
from vernly.connectors.records import LogRecord, as_utc
from vernly.errors import ConfigurationError, InvalidInput
from vernly.policy.models import System

COMBINED = re.compile(
    r'^(?P<ip>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<request>[^"]*)" (?P<status>\d{3}|-) '
    r'(?P<size>\S+)(?: "(?P<referer>[^"]*)" "(?P<agent>[^"]*)")?')
_MONTHS = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}
_TIME = re.compile(r"^(\d{2})/(\w{3})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})$")
ENCODING = {"encoding": "utf-8", "errors": "surrogateescape", "newline": ""}


def parse_time(text: str) -> datetime | None:
    """'10/Oct/2024:13:55:36 +0000' as an aware UTC datetime (None when malformed)."""
    match = _TIME.match(text)
    if not match or match.group(2) not in _MONTHS:
        return None
    day, month, year, hh, mm, ss, zone = match.groups()
    try:
        moment = datetime.strptime(f"{year}-{_MONTHS[month]:02d}-{day} {hh}:{mm}:{ss} {zone}",
                                   "%Y-%m-%d %H:%M:%S %z")
    except ValueError:
        return None
    return as_utc(moment)


def normalise_ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def truncate_ip(text: str) -> str:
    """IPv4 without its last octet (a.b.c.0), IPv6 cut to its /48 network."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return text
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


class LogFile:
    """One access-log file of a `log` system."""

    def __init__(self, system: System, path: Path | str) -> None:
        self.system = system
        self.path = Path(path)

    def _lines(self) -> Iterator[str]:
        if not self.path.exists():
            raise ConfigurationError(f"system '{self.system.id}': log file {self.path} does "
                                     "not exist")
        with open(self.path, **ENCODING) as handle:  # type: ignore[call-overload]
            yield from handle

    def entries(self) -> Iterator[LogRecord]:
        """Every line with its client address and time parsed (None where malformed)."""
        for number, line in enumerate(self._lines(), 1):
            match = COMBINED.match(line)
            yield LogRecord(self.system.id, number, line.rstrip("\r\n"),
                            parse_time(match.group("time")) if match else None,
                            match.group("ip") if match else None)

    def access(self, identity: Identity) -> list[LogRecord]:
        """The lines the person's IP address made."""
        if not identity.ip_address:
            return []
        wanted = _ip(identity.ip_address)
        found = []
        for number, line in enumerate(self._lines(), 1):
            if _client(line) == wanted:
                match = COMBINED.match(line)
                found.append(LogRecord(self.system.id, number, line.rstrip("\r\n"),
                                       parse_time(match.group("time")) if match else None,
                                       wanted))
        return found

    def erase(self, identity: Identity) -> int:
        """Remove the person's lines; returns how many went (0 on a second run)."""
        if not identity.ip_address:
            return 0
        wanted = _ip(identity.ip_address)
        return self._rewrite(lambda line: None if _client(line) == wanted else line)

    def truncate_ips_before(self, cutoff: datetime) -> int:
        """Shorten client addresses in lines older than `cutoff`; returns lines changed."""
        cutoff = as_utc(cutoff)

        def shorten(line: str) -> str:
            match = COMBINED.match(line)
            if not match:
                return line
            moment = parse_time(match.group("time"))
            if moment is None or moment >= cutoff:
                return line
            short = truncate_ip(match.group("ip"))
            return short + line[match.end("ip"):] if short != match.group("ip") else line

        return self._rewrite(shorten)

    def oldest_full_ip(self) -> datetime | None:
        """Time of the oldest line whose address is not truncated yet (retention overview)."""
        oldest: datetime | None = None
        for record in self.entries():
            if record.at and record.ip and truncate_ip(record.ip) != record.ip and (
                    oldest is None or record.at < oldest):
                oldest = record.at
        return oldest

    def _rewrite(self, transform: Callable[[str], str | None]) -> int:
        changed = 0
        folder = self.path.parent
        fd, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=folder)
        try:
            with open(fd, "w", **ENCODING) as out:  # type: ignore[call-overload]
                for line in self._lines():
                    new = transform(line)
                    if new != line:
                        changed += 1
                    if new is not None:
                        out.write(new)
                out.flush()
                os.fsync(out.fileno())
            if changed:
                shutil.copymode(self.path, temp)
                os.replace(temp, self.path)
                _fsync_dir(folder)
        finally:
            if os.path.exists(temp):
                os.unlink(temp)
        return changed


def _ip(text: str) -> str:
    value = normalise_ip(text.strip())
    if value is None:
        raise InvalidInput("ip_address: not an IP address")
    return value


def _client(line: str) -> str | None:
    token = line.split(" ", 1)[0]
    # Most lines are IPv4 written one way only; IPv6 has many spellings of one address.
    return normalise_ip(token) if ":" in token else token


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
