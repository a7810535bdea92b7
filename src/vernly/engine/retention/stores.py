"""Retention in file stores (recordings dated by their names) and access logs.

Files are judged by the recording time in their path, never by mtime (a copy or a restore
from backup would make old footage look new). Log lines keep their line but lose the host
part of the client address; the log connector rewrites the file atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from vernly.connectors.files import FileStore
from vernly.connectors.logs import LogFile, truncate_ip


@dataclass(frozen=True)
class StoreMeasure:
    matched: int
    oldest_matched: datetime | None
    oldest: datetime | None
    """Oldest file, or oldest log line still carrying a full address."""
    total: int


def measure_files(store: FileStore, cutoff: datetime) -> StoreMeasure:
    matched, total = 0, 0
    oldest: datetime | None = None
    for record in store.iter_files():
        total += 1
        at = record.recorded_at
        if at is None:
            continue
        if oldest is None or at < oldest:
            oldest = at
        if at < cutoff:
            matched += 1
    return StoreMeasure(matched, oldest if matched else None, oldest, total)


def delete_files(store: FileStore, cutoff: datetime) -> tuple[int, datetime | None]:
    """Remove every recording made before `cutoff`, in one walk of the folders.

    Returns how many went and the oldest recording left; a rerun finds nothing to do.
    """
    removed = 0
    oldest: datetime | None = None
    for record in store.iter_files():
        at = record.recorded_at
        if at is None:
            continue
        if at < cutoff:
            removed += store.delete((record,))
        elif oldest is None or at < oldest:
            oldest = at
    return removed, oldest


def measure_log(log: LogFile, cutoff: datetime) -> StoreMeasure:
    matched, total = 0, 0
    oldest: datetime | None = None
    oldest_matched: datetime | None = None
    for record in log.entries():
        total += 1
        if record.at is None or not record.ip or truncate_ip(record.ip) == record.ip:
            continue
        if oldest is None or record.at < oldest:
            oldest = record.at
        if record.at < cutoff:
            matched += 1
            if oldest_matched is None or record.at < oldest_matched:
                oldest_matched = record.at
    return StoreMeasure(matched, oldest_matched, oldest, total)


def truncate_log(log: LogFile, cutoff: datetime) -> int:
    return log.truncate_ips_before(cutoff)
