"""What connectors hand back: a person's records, and what erasure or rectification did.

Plain dataclasses so the engine can store them and the web layer can serialise them;
every one has `to_dict()` giving JSON-ready values (datetimes as ISO 8601 in UTC).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any


def json_value(value: Any) -> Any:
    """A database value as JSON: aware ISO 8601 datetimes, ISO dates, numbers, text."""
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def as_utc(value: datetime) -> datetime:
    """Naive datetimes from a database are UTC (that is how vernly and the demo store them)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class TableInfo:
    """What every record of one table shares: built once per table, not once per row."""

    system: str
    table: str
    categories: Mapping[str, str | None]
    """Column name -> data category (None for columns without personal data)."""
    activity: str | None
    """The processing activity the rows belong to (for the Art. 15 information)."""
    provided: frozenset[str] = frozenset()
    """Columns whose value the person provided (Art. 20 portability)."""
    context: bool = False
    """Rows not the person's own that theirs point at (a product, an address)."""


@dataclass(frozen=True, slots=True)
class Record:
    """One row of a SQL table that belongs to the person."""

    info: TableInfo
    key: Any
    """The row's primary key value."""
    fields: dict[str, Any]
    """Column name -> value, for the columns the policy declares."""

    @property
    def system(self) -> str:
        return self.info.system

    @property
    def table(self) -> str:
        return self.info.table

    @property
    def categories(self) -> Mapping[str, str | None]:
        """Column name -> data category; shared by the table's records (read-only)."""
        return self.info.categories

    @property
    def activity(self) -> str | None:
        return self.info.activity

    @property
    def provided(self) -> frozenset[str]:
        return self.info.provided

    @property
    def context(self) -> bool:
        return self.info.context

    def only(self, fields: dict[str, Any]) -> Record:
        """The same row with only the given fields (and their categories)."""
        info = self.info
        categories = {k: info.categories.get(k) for k in fields}
        return Record(TableInfo(info.system, info.table, categories, info.activity,
                                info.provided, info.context), self.key, fields)

    def to_dict(self) -> dict[str, Any]:
        info = self.info
        key = self.key
        out = {
            "system": info.system, "table": info.table,
            "key": [json_value(k) for k in key] if isinstance(key, tuple) else json_value(key),
            "fields": {k: json_value(v) for k, v in self.fields.items()},
            "categories": dict(info.categories), "activity": info.activity,
            "provided": sorted(info.provided),
        }
        if info.context:
            out["context"] = True
        return out


@dataclass(frozen=True)
class FileRecord:
    """A file (e.g. a CCTV recording) named by a path pattern."""

    system: str
    path: str
    """Relative to the file store's root, with '/' separators."""
    camera: str | None
    recorded_at: datetime | None
    size: int | None = None
    """Bytes; only filled where it was needed (access results)."""

    def to_dict(self) -> dict[str, Any]:
        return {"system": self.system, "path": self.path, "camera": self.camera,
                "recorded_at": json_value(self.recorded_at), "size": self.size}


@dataclass(frozen=True)
class LogRecord:
    """One line of a web server access log."""

    system: str
    line_no: int
    """1-based line number at the time of reading."""
    line: str
    at: datetime | None = None
    ip: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"system": self.system, "line_no": self.line_no, "line": self.line,
                "at": json_value(self.at), "ip": self.ip}


@dataclass(frozen=True)
class ManualTask:
    """Work for a person outside vernly (a processor without a connection)."""

    system: str
    owner: str
    due_days: int
    instructions: dict[str, str]
    """'nb' and 'en' text for the owner. Holds the identifiers the owner needs to find the
    person, so it is stored with the request only, never logged or audited."""
    recipient: str | None
    kind: str = "access"
    """The request kind the task carries out (access, erasure, rectification, ...)."""
    due: datetime | None = None

    def to_dict(self, personal: bool = True) -> dict[str, Any]:
        return {"system": self.system, "owner": self.owner, "due_days": self.due_days,
                "due": json_value(self.due), "kind": self.kind, "recipient": self.recipient,
                "instructions": dict(self.instructions) if personal else None}


@dataclass
class SystemRecords:
    """Everything found about a person in one system."""

    system: str
    kind: str
    records: list[Record] = field(default_factory=list)
    files: list[FileRecord] = field(default_factory=list)
    log_lines: list[LogRecord] = field(default_factory=list)
    task: ManualTask | None = None
    note: str | None = None
    """Why nothing could be collected (external systems, no identifier of the right kind)."""

    @property
    def count(self) -> int:
        return len(self.records) + len(self.files) + len(self.log_lines)

    def by_table(self) -> dict[str, list[Record]]:
        grouped: dict[str, list[Record]] = {}
        for record in self.records:
            grouped.setdefault(record.table, []).append(record)
        return grouped

    def to_dict(self, personal: bool = True) -> dict[str, Any]:
        return {
            "system": self.system, "kind": self.kind,
            "records": [r.to_dict() for r in self.records],
            "files": [f.to_dict() for f in self.files],
            "log_lines": [line.to_dict() for line in self.log_lines],
            "task": self.task.to_dict(personal) if self.task else None, "note": self.note,
        }


@dataclass(frozen=True)
class Kept:
    """Rows erasure left in place because a law requires keeping them (Art. 17(3)(b))."""

    table: str
    count: int
    statute: str
    until: date
    """The last day the obligation lasts; the retention sweep deletes them after it."""
    reason: dict[str, str]
    """'nb' and 'en' explanation."""

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "count": self.count, "statute": self.statute,
                "until": self.until.isoformat(), "reason": dict(self.reason)}


@dataclass(frozen=True)
class Unchanged:
    """An identity column of kept rows that erasure could not change, and why."""

    table: str
    column: str
    count: int
    reason: str
    """'part of the primary key' or 'other rows refer to it'."""

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "column": self.column, "count": self.count,
                "reason": self.reason}


@dataclass
class ErasureOutcome:
    """What erasure did in one system; counts only, no personal data (except the task)."""

    system: str
    deleted: dict[str, int] = field(default_factory=dict)
    nulled: dict[str, int] = field(default_factory=dict)
    """Table -> rows kept with some columns set to NULL."""
    masked: dict[str, int] = field(default_factory=dict)
    """Table -> rows kept with some columns overwritten by a fixed placeholder."""
    kept: list[Kept] = field(default_factory=list)
    shared: dict[str, int] = field(default_factory=dict)
    """Table -> rows kept (with their details erased) because rows that stay point at them."""
    unchanged: list[Unchanged] = field(default_factory=list)
    files_deleted: int = 0
    log_lines_deleted: int = 0
    task: ManualTask | None = None
    note: str | None = None

    @property
    def changed(self) -> bool:
        return bool(any(self.deleted.values()) or any(self.nulled.values())
                    or any(self.masked.values()) or self.files_deleted
                    or self.log_lines_deleted)

    def to_dict(self, personal: bool = True) -> dict[str, Any]:
        return {
            "system": self.system, "deleted": dict(self.deleted), "nulled": dict(self.nulled),
            "masked": dict(self.masked), "kept": [k.to_dict() for k in self.kept],
            "shared": dict(self.shared), "unchanged": [u.to_dict() for u in self.unchanged],
            "files_deleted": self.files_deleted, "log_lines_deleted": self.log_lines_deleted,
            "task": self.task.to_dict(personal) if self.task else None, "note": self.note,
        }


@dataclass
class RectifyOutcome:
    """Rows per table where rectification wrote the new values."""

    system: str
    updated: dict[str, int] = field(default_factory=dict)
    task: ManualTask | None = None
    note: str | None = None

    def to_dict(self, personal: bool = True) -> dict[str, Any]:
        return {"system": self.system, "updated": dict(self.updated),
                "task": self.task.to_dict(personal) if self.task else None, "note": self.note}


@dataclass
class CollectedPart:
    """What collecting one system found: kept between the per-system jobs of an access
    request (encrypted, by the engine) until the package is assembled from every part.

    Rows stay as the driver's values (keys and values exactly as read), so the package
    assembled from the parts is the one a single collection over every system makes."""

    system: str
    kind: str
    own: dict[tuple[str, str], dict[Any, dict[str, Any]]] = field(default_factory=dict)
    """(system, table) -> key -> row: this system's own rows of the person."""
    context: dict[tuple[str, str], dict[Any, dict[str, Any]]] = field(default_factory=dict)
    """(system, table) -> key -> row: rows this system's own rows point at as context,
    in whichever system they lie (the assembly drops those that are someone's own)."""
    files: list[FileRecord] = field(default_factory=list)
    log_lines: list[LogRecord] = field(default_factory=list)
    task: ManualTask | None = None
    note: str | None = None
