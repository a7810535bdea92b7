"""Retention in file stores (recordings dated by their names) and access logs.

Files are judged by the recording time in their path, never by mtime (a copy or a restore
from backup would make old footage look new). Log lines keep their line but lose the host
part of the client address; the log connector rewrites the file atomically.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

from vernly.connectors.files import FileStore
from vernly.connectors.logs import LogFile, truncate_ip

UNLINKERS = min(4, os.cpu_count() or 1)
"""Threads removing files during a sweep."""
UNLINK_CHUNK = 2_000
"""Paths handed to one removal task."""


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
    for _, at in recordings(store):
        total += 1
        if oldest is None or at < oldest:
            oldest = at
        if at < cutoff:
            matched += 1
    return StoreMeasure(matched, oldest if matched else None, oldest, total)


def delete_files(store: FileStore, cutoff: datetime) -> tuple[int, datetime | None]:
    """Remove every recording made before `cutoff`, in one walk of the folders.

    Returns how many went and the oldest recording left; a rerun finds nothing to do.
    Removal is the kernel's work, and the kernel removes names from several folders (or
    parts of one) at once: a few threads unlink chunks of the walk while it goes on, about
    twice as fast as one `find -delete` on two cores. Killed part way, the files not yet
    removed are simply found by the next run.
    """
    oldest: datetime | None = None
    chunk: list[str] = []
    with ThreadPoolExecutor(max_workers=UNLINKERS, thread_name_prefix="vernly-unlink") as pool:
        started: list[Future[int]] = []
        for path, at in recordings(store):
            if at < cutoff:
                chunk.append(path)
                if len(chunk) == UNLINK_CHUNK:
                    started.append(pool.submit(_unlink_all, chunk))
                    chunk = []
            elif oldest is None or at < oldest:
                oldest = at
        if chunk:
            started.append(pool.submit(_unlink_all, chunk))
        removed = sum(future.result() for future in started)
    return removed, oldest


def _unlink_all(paths: list[str]) -> int:
    removed = 0
    for path in paths:
        try:
            os.unlink(path)
            removed += 1
        except FileNotFoundError:
            pass  # gone already (another sweep's leftovers, an operator): nothing to count
    return removed


_DIGITS = {"Y": 4, "m": 2, "d": 2, "H": 2, "M": 2, "S": 2}
_ISO = {"%Y%m%dT%H%M%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y%m%d", "%Y-%m-%d"}
"""Layouts `datetime.fromisoformat` (C, 30x faster than a regex) reads exactly as strptime
would: the folder pattern lets only their fixed-width digits through to the parser."""


def _iso_parser(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def digit_parser(fmt: str) -> Callable[[str], datetime] | None:
    """A parser for formats made only of fixed-width numeric fields (the common
    `%Y%m%dT%H%M%S`), 10x faster than strptime and as strict (datetime() rejects month 13);
    None for anything else."""
    if fmt in _ISO:
        return _iso_parser
    regex, order, i = [], [], 0
    while i < len(fmt):
        if fmt[i] == "%":
            code = fmt[i + 1:i + 2]
            if code not in _DIGITS or code in order:
                return None
            regex.append(f"(\\d{{{_DIGITS[code]}}})")
            order.append(code)
            i += 2
        else:
            regex.append(re.escape(fmt[i]))
            i += 1
    if "Y" not in order:
        return None
    compiled = re.compile("^" + "".join(regex) + "$")
    slots = [order.index(c) if c in order else None for c in "YmdHMS"]

    def parse(text: str) -> datetime:
        match = compiled.match(text)
        if match is None:
            raise ValueError(text)
        parts = [int(g) for g in match.groups()]
        y, mo, d, h, mi, s = (parts[k] if k is not None else default
                              for k, default in zip(slots, (0, 1, 1, 0, 0, 0), strict=True))
        return datetime(y, mo, d, h, mi, s, tzinfo=UTC)

    return parse


def recordings(store: FileStore) -> Iterator[tuple[str, datetime]]:
    """(absolute path, recording time) of every file the store's pattern matches.

    The same walk as `FileStore.iter_files` (folders filtered segment by segment, names that
    are not real times skipped), lean enough for a sweep over hundreds of thousands of files:
    one `scandir` per folder (file types from the directory entries, no `stat`), and in the
    last folder level the time read straight from the name's match.
    """
    pattern = store.pattern
    if not store.root.is_dir():
        next(store.iter_files(), None)  # raises the connector's error for a missing folder
    parse = digit_parser(pattern.time_format) or pattern.parse_time
    field = pattern.time_field or ""
    last = len(pattern.segments) - 1
    in_name = field in pattern.segments[last].fields

    def files(folder: str, found: dict[str, str]) -> Iterator[tuple[str, datetime]]:
        match_name = pattern.segments[last].regex.match
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            return
        for entry in entries:
            match = match_name(entry.name)
            if match is None or not entry.is_file():
                continue
            try:
                yield entry.path, parse(match[field] if in_name else found[field])
            except ValueError:
                continue

    def walk(folder: str, depth: int, found: dict[str, str]) -> Iterator[tuple[str, datetime]]:
        if depth == last:
            yield from files(folder, found)
            return
        regex = pattern.segments[depth].regex
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            return
        for entry in entries:
            match = regex.match(entry.name)
            if match is not None and entry.is_dir():
                yield from walk(entry.path, depth + 1, {**found, **match.groupdict()})

    yield from walk(str(store.root), 0, {})


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
