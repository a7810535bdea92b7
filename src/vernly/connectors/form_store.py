"""The database vernly manages for the forms it hosts.

A form's `store` is a `system.table` the policy declares like any customer system, so
requests find its rows and sweeps remove them; unlike a customer's database, vernly creates
its tables (typed from the form's fields) and writes the submissions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Engine,
    Index,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.types import TypeEngine

from vernly.connectors.demo.schema import column_type
from vernly.connectors.engines import WRITE, make_engine
from vernly.connectors.location import system_url
from vernly.errors import ConfigurationError
from vernly.policy import form_store as names
from vernly.policy.models import FieldType, Form, FormField, Policy, System
from vernly.policy.models import Table as TableSpec

_BOOKKEEPING: dict[str, TypeEngine[Any]] = {
    names.ID: String(36),
    names.SUBMITTED_AT: DateTime(timezone=True),
    names.LEGAL_BASIS: String(20),
    names.NOTICE_VERSION: String(60),
    names.CONSENT_RECORD: String(36),
    names.CONSENT_WITHDRAWN_AT: DateTime(timezone=True),
    names.VISIT_DATE: Date(),
    names.SIGNED_OUT_AT: DateTime(timezone=True),
    names.SCHOOL: String(200),
}


def field_type(spec: FormField) -> TypeEngine[Any]:
    if spec.type == FieldType.long_text:
        return Text()
    if spec.type == FieldType.date:
        return Date()
    return String(spec.max_length)


def store_systems(policy: Policy) -> list[System]:
    """The systems forms store into, once each."""
    ids = list(dict.fromkeys(f.store.partition(".")[0] for f in policy.forms))
    return [s for s in policy.systems if s.id in ids]


def build_metadata(policy: Policy, system: System) -> MetaData:
    """The system's tables, typed from the fields of the forms stored in them."""
    metadata = MetaData()
    fields = {(f.store, spec.name): spec for f in policy.forms for spec in f.fields}
    for spec in system.tables:
        columns = []
        for declared in spec.columns:
            field = fields.get((f"{system.id}.{spec.name}", declared.name))
            kind = (field_type(field) if field else _BOOKKEEPING.get(declared.name)
                    or column_type(declared.name))
            columns.append(Column(declared.name, kind, primary_key=declared.name == names.ID,
                                  nullable=declared.name not in (names.ID,
                                                                 names.SUBMITTED_AT)))
        table = Table(spec.name, metadata, *columns)
        _indexes(table, spec)
    return metadata


def _indexes(table: Table, spec: TableSpec) -> None:
    """What requests and sweeps search by: identities and the retention clock."""
    for declared in spec.columns:
        name = f"ix_{spec.name}_{declared.name}"
        if declared.identity == "email":
            # Requests match lower(email); MariaDB has no expression indexes and its
            # case-insensitive collation lets a plain one serve.
            Index(name, func.lower(table.c[declared.name])).ddl_if(
                dialect=("postgresql", "sqlite"))  # type: ignore[arg-type]
            Index(name, table.c[declared.name]).ddl_if(
                dialect=("mysql", "mariadb"))  # type: ignore[arg-type]
        elif declared.identity == "phone" or declared.name in (names.SUBMITTED_AT,
                                                               names.VISIT_DATE):
            Index(name, table.c[declared.name])


def is_form_store(policy: Policy, system_id: str) -> bool:
    return any(f.store.partition(".")[0] == system_id for f in policy.forms)


def ensure_tables(policy: Policy, system: System, url: str, engine: Engine) -> None:
    """Create the missing tables of a form store (vernly's own database; idempotent)."""
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    try:
        build_metadata(policy, system).create_all(engine, checkfirst=True)
    except SQLAlchemyError as exc:
        raise ConfigurationError(f"system '{system.id}': cannot create the form tables "
                                 f"({type(exc).__name__})") from None


class FormStore:
    """The form stores of one policy, connected; tables created on first use."""

    def __init__(self, policy: Policy, workspace: Path, env: Mapping[str, str]) -> None:
        self.policy = policy
        self._engines: dict[str, Engine] = {}
        self._tables: dict[str, Table] = {}
        for system in store_systems(policy):
            url = system_url(system, Path(workspace), env)
            if url.startswith("sqlite:///"):
                Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
            engine = make_engine(url)
            self._engines[system.id] = engine
            for table in build_metadata(policy, system).tables.values():
                self._tables[f"{system.id}.{table.name}"] = table

    def ensure(self) -> None:
        """Create missing tables (idempotent; never alters an existing one)."""
        for system_id, engine in self._engines.items():
            tables = [t for key, t in self._tables.items() if key.startswith(system_id + ".")]
            try:
                tables[0].metadata.create_all(engine, checkfirst=True)
            except SQLAlchemyError as exc:
                raise ConfigurationError(f"system '{system_id}': cannot create the form "
                                         f"tables ({type(exc).__name__})") from None

    def ensure_fresh(self) -> None:
        """Drop and create the form tables (a rebuilt demo starts with no submissions)."""
        try:
            for system_id, engine in self._engines.items():
                tables = [t for key, t in self._tables.items()
                          if key.startswith(system_id + ".")]
                tables[0].metadata.drop_all(engine, checkfirst=True)
            self.ensure()
        finally:
            self.close()

    def _table(self, form: Form) -> tuple[Engine, Table]:
        return self._engines[form.store.partition(".")[0]], self._tables[form.store]

    def insert(self, form: Form, rows: Sequence[Mapping[str, Any]]) -> None:
        """Store submissions in one transaction: all of them or none."""
        engine, table = self._table(form)
        with engine.connect().execution_options(**WRITE) as conn, conn.begin():
            conn.execute(insert(table), [dict(r) for r in rows])

    def remove(self, form: Form, ids: Sequence[str]) -> None:
        """Take back rows whose submission could not be completed."""
        engine, table = self._table(form)
        with engine.connect().execution_options(**WRITE) as conn, conn.begin():
            conn.execute(delete(table).where(table.c[names.ID].in_(list(ids))))

    def visits_on(self, form: Form, day: date) -> list[dict[str, Any]]:
        """The day's visits (registered or pre-registered), earliest first."""
        engine, table = self._table(form)
        with engine.connect() as conn:
            rows = conn.execute(select(table).where(table.c[names.VISIT_DATE] == day)
                                .order_by(table.c[names.SUBMITTED_AT], table.c[names.ID]))
            return [dict(r._mapping) for r in rows]

    def sign_out(self, form: Form, visit_id: str, at: datetime) -> bool:
        """Record that a visitor left; False when there is no such visit still in."""
        engine, table = self._table(form)
        with engine.connect().execution_options(**WRITE) as conn, conn.begin():
            done = conn.execute(update(table).where(table.c[names.ID] == visit_id,
                                                    table.c[names.SIGNED_OUT_AT].is_(None))
                                .values({names.SIGNED_OUT_AT: at}))
            return bool(done.rowcount)

    def consents_in_force(self, form: Form) -> dict[str, str]:
        """Submission id -> consent record id, for rows not marked withdrawn."""
        engine, table = self._table(form)
        if names.CONSENT_WITHDRAWN_AT not in table.c or names.CONSENT_RECORD not in table.c:
            return {}
        with engine.connect() as conn:
            rows = conn.execute(select(table.c[names.ID], table.c[names.CONSENT_RECORD]).where(
                table.c[names.CONSENT_RECORD].is_not(None),
                table.c[names.CONSENT_WITHDRAWN_AT].is_(None)))
            return {str(r[0]): str(r[1]) for r in rows}

    def mark_withdrawn(self, form: Form, withdrawn: Mapping[str, datetime]) -> int:
        """Set `consent_withdrawn_at` (submission id -> when); rows already marked stay."""
        engine, table = self._table(form)
        done = 0
        with engine.connect().execution_options(**WRITE) as conn, conn.begin():
            for sid, at in withdrawn.items():
                done += conn.execute(update(table).where(
                    table.c[names.ID] == sid, table.c[names.CONSENT_WITHDRAWN_AT].is_(None))
                    .values({names.CONSENT_WITHDRAWN_AT: at})).rowcount
        return done

    def count(self, form: Form) -> int:
        engine, table = self._table(form)
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    def close(self) -> None:
        for engine in self._engines.values():
            engine.dispose()
