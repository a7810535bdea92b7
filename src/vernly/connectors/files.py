"""A folder of recordings whose names say when and where they were made (CCTV).

The policy's `path_pattern`, e.g. `{camera}/{recorded:%Y%m%dT%H%M%S}.mp4`, becomes one
regular expression per path segment; folders are walked with `os.scandir`, filtered on the
way down (only the cameras asked for), and never `stat`ed except for the files returned.
Times in names are UTC.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from vernly.connectors.identity import Identity
from vernly.connectors.records import FileRecord, as_utc
from vernly.errors import ConfigurationError
from vernly.policy.models import System

_FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)(?::([^}]*))?\}")
_DIRECTIVES = {
    "Y": r"\d{4}", "y": r"\d{2}", "m": r"\d{2}", "d": r"\d{2}", "H": r"\d{2}", "M": r"\d{2}",
    "S": r"\d{2}", "f": r"\d{1,6}", "j": r"\d{3}", "z": r"(?:[+-]\d{4}|Z)", "%": "%",
}
CAMERA = "camera"


@dataclass(frozen=True)
class _Segment:
    regex: re.Pattern[str]
    fields: tuple[str, ...]


def _format_regex(fmt: str, where: str) -> str:
    out, i = [], 0
    while i < len(fmt):
        if fmt[i] == "%" and i + 1 < len(fmt):
            directive = fmt[i + 1]
            if directive not in _DIRECTIVES:
                raise ConfigurationError(f"{where}: unsupported time directive '%{directive}'")
            out.append(_DIRECTIVES[directive])
            i += 2
        else:
            out.append(re.escape(fmt[i]))
            i += 1
    return "".join(out)


class PathPattern:
    """A path pattern with `{field}` and `{field:strftime}` parts, one regex per segment."""

    def __init__(self, pattern: str, where: str = "path_pattern") -> None:
        self.pattern = pattern
        self.time_field: str | None = None
        self.time_format = ""
        self.segments: list[_Segment] = []
        for part in pattern.strip("/").split("/"):
            regex, fields, last = [], [], 0
            for match in _FIELD.finditer(part):
                regex.append(re.escape(part[last:match.start()]))
                name, fmt = match.group(1), match.group(2)
                if fmt:
                    if self.time_field:
                        raise ConfigurationError(f"{where}: only one time field is supported")
                    self.time_field, self.time_format = name, fmt
                    regex.append(f"(?P<{name}>{_format_regex(fmt, where)})")
                else:
                    regex.append(f"(?P<{name}>[^/]+?)")
                fields.append(name)
                last = match.end()
            regex.append(re.escape(part[last:]))
            self.segments.append(_Segment(re.compile("^" + "".join(regex) + "$"), tuple(fields)))
        if self.time_field is None:
            raise ConfigurationError(f"{where}: needs a time field such as "
                                     "'{recorded:%Y%m%dT%H%M%S}'")

    def parse_time(self, text: str) -> datetime:
        return as_utc(datetime.strptime(text, self.time_format))


class FileStore:
    """A file-store system: access by time window and camera, deletion, age queries."""

    def __init__(self, system: System, root: Path | str,
                 segment: timedelta = timedelta(minutes=15)) -> None:
        self.system = system
        self.root = Path(root)
        if not system.path_pattern:
            raise ConfigurationError(f"system '{system.id}': a files system needs path_pattern")
        self.pattern = PathPattern(system.path_pattern, f"system '{system.id}' path_pattern")
        self.segment = segment
        """How long one recording file runs."""

    def iter_files(self, cameras: Iterable[str] = ()) -> Iterator[FileRecord]:
        """Every file matching the pattern (only the given cameras, when any)."""
        if not self.root.is_dir():
            raise ConfigurationError(f"system '{self.system.id}': folder {self.root} does not "
                                     "exist")
        wanted = set(cameras)
        yield from self._walk(str(self.root), 0, "", {}, wanted)

    def _walk(self, folder: str, depth: int, prefix: str, values: dict[str, str],
              cameras: set[str]) -> Iterator[FileRecord]:
        segment = self.pattern.segments[depth]
        last = depth == len(self.pattern.segments) - 1
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            return
        for entry in entries:
            match = segment.regex.match(entry.name)
            if not match:
                continue
            found = {**values, **match.groupdict()}
            if cameras and CAMERA in match.groupdict() and found[CAMERA] not in cameras:
                continue
            relative = f"{prefix}{entry.name}"
            if not last:
                if entry.is_dir():
                    yield from self._walk(entry.path, depth + 1, relative + "/", found, cameras)
                continue
            if not entry.is_file():
                continue
            assert self.pattern.time_field
            try:
                recorded = self.pattern.parse_time(found[self.pattern.time_field])
            except ValueError:
                continue  # digits in the right places but not a real time (e.g. month 13)
            yield FileRecord(self.system.id, relative, found.get(CAMERA), recorded)

    def access(self, identity: Identity) -> list[FileRecord]:
        """Recordings covering the person's time window on the cameras asked for."""
        if not identity.window:
            return []
        start, end = (as_utc(t) for t in identity.window)
        # A recording that started less than one segment before the window still runs when
        # it opens. A fixed length (not the gap to the neighbouring file) keeps the answer
        # the same after other recordings were deleted, so erasure is idempotent.
        earliest = start - self.segment
        chosen = [r for r in self.iter_files(identity.cameras)
                  if r.recorded_at and earliest < r.recorded_at <= end]
        return [self._with_size(r) for r in sorted(chosen, key=lambda r: r.path)]

    def _with_size(self, record: FileRecord) -> FileRecord:
        try:
            size = (self.root / record.path).stat().st_size
        except FileNotFoundError:
            size = None
        return FileRecord(record.system, record.path, record.camera, record.recorded_at, size)

    def erase(self, identity: Identity) -> int:
        """Delete the person's recordings; returns how many files were removed."""
        return self.delete(self.access(identity))

    def delete(self, records: Iterable[FileRecord]) -> int:
        """Delete files; one already gone counts as nothing, not as an error."""
        removed = 0
        for record in records:
            try:
                (self.root / record.path).unlink()
                removed += 1
            except FileNotFoundError:
                pass
        return removed

    def older_than(self, cutoff: datetime) -> Iterator[FileRecord]:
        """Files recorded before `cutoff` (for the retention sweep)."""
        cutoff = as_utc(cutoff)
        for record in self.iter_files():
            if record.recorded_at and record.recorded_at < cutoff:
                yield record

    def oldest(self) -> FileRecord | None:
        """The oldest recording still held, or None when the folder is empty."""
        return min(self.iter_files(), key=lambda r: r.recorded_at or datetime.max.replace(
            tzinfo=UTC), default=None)
