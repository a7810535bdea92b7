"""The benchmark's customer data: the example policy's three SQL systems at ~10 million
rows, built once (SQLite files, or PostgreSQL databases) and reused while its marker says
the same size and seed.

The schema comes from the connectors' demo schema (so it is exactly what the policy
declares, indexes included); the rows are generated here in bulk, with Faker only for the
pools of Norwegian names, because row-by-row Faker is too slow at this volume.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from faker import Faker
from sqlalchemy import Engine, create_engine, text

from vernly.connectors.demo.schema import create_indexes, create_schema
from vernly.policy.loader import example_policy_path, load_example

SYSTEMS = ("webshop", "cases", "visitors")
SHARES = {  # rows per customer
    ("webshop", "customers"): 1.0, ("webshop", "orders"): 2.0,
    ("webshop", "order_lines"): 4.0, ("webshop", "shipments"): 1.5,
    ("cases", "registrations"): 0.5, ("cases", "contact_messages"): 0.3,
    ("cases", "returns"): 0.2, ("visitors", "visits"): 0.4,
    ("visitors", "school_signups"): 0.1,
}
EPOCH = datetime(2021, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 5 * 365 * 86400
BATCH = 50_000


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    phone: str


class People:
    """A deterministic population: person i has a unique e-mail and phone."""

    def __init__(self, count: int, seed: int) -> None:
        fake = Faker("no_NO")  # Faker's Norwegian (bokmål) locale
        fake.seed_instance(seed)
        self.first = [fake.first_name() for _ in range(300)]
        self.last = [fake.last_name() for _ in range(300)]
        self.count = count

    def __getitem__(self, i: int) -> Person:
        first, last = self.first[i % 300], self.last[(i // 300) % 300]
        email = f"{first}.{last}.{i}@example.no".lower().replace(" ", "")
        return Person(f"{first} {last}", email, f"+47{40000000 + i}")


def _when(rng: random.Random) -> datetime:
    return EPOCH + timedelta(seconds=rng.randrange(SPAN_SECONDS))


def generate(customers: int, seed: int) -> Iterator[tuple[str, str, list[dict[str, Any]]]]:
    """(system, table, batch of rows), parents before children."""
    rng = random.Random(seed)
    people = People(int(customers * 1.2), seed)
    n = {key: int(customers * share) for key, share in SHARES.items()}

    def batches(system: str, table: str, make: Any) -> Iterator[tuple[str, str, list[Any]]]:
        rows: list[dict[str, Any]] = []
        for i in range(1, n[(system, table)] + 1):
            rows.append(make(i))
            if len(rows) == BATCH:
                yield system, table, rows
                rows = []
        if rows:
            yield system, table, rows

    def customer(i: int) -> dict[str, Any]:
        p = people[i - 1]
        return {"id": i, "customer_number": f"K-{i:08d}", "name": p.name, "mobile": p.phone,
                "email": p.email, "company_name": f"{p.name.split()[-1]} AS",
                "company_address": f"Storgata {i % 200 + 1}, 0155 Oslo",
                "created_at": _when(rng)}

    def order(i: int) -> dict[str, Any]:
        guest = rng.random() < 0.1
        c = rng.randrange(1, customers + 1)
        p = people[rng.randrange(people.count) if guest else c - 1]
        return {"id": i, "customer_id": None if guest else c, "order_number": f"WS-{i:09d}",
                "buyer_name": p.name, "buyer_email": p.email,
                "buyer_mobile": None if guest else p.phone, "company_name": "Firma AS",
                "company_address": "Kirkeveien 5, 0368 Oslo",
                "total_nok": round(rng.uniform(50, 20000), 2), "ordered_at": _when(rng)}

    orders = n[("webshop", "orders")]

    def line(i: int) -> dict[str, Any]:
        return {"id": i, "order_id": rng.randrange(1, orders + 1),
                "product": rng.choice(("Dokkingstasjon", "Skjerm", "Mus", "Headset")),
                "quantity": rng.randrange(1, 4), "unit_price_nok": 499.0}

    def shipment(i: int) -> dict[str, Any]:
        p = people[rng.randrange(people.count)]
        return {"id": i, "order_id": rng.randrange(1, orders + 1),
                "carrier": rng.choice(("Bring", "PostNord", "DHL Express")),
                "recipient_name": p.name, "recipient_phone": p.phone,
                "delivery_address": "Kirkeveien 5, 0368 Oslo", "shipped_at": _when(rng)}

    def registration(i: int) -> dict[str, Any]:
        p, at = people[rng.randrange(people.count)], _when(rng)
        return {"id": i, "event_title": "Intility Summit", "event_date": at.date(),
                "name": p.name, "email": p.email, "phone": p.phone, "industry": "Finans",
                "position": "IT-sjef", "consent_given_at": at, "consent_withdrawn_at": None,
                "registered_at": at}

    def message(i: int) -> dict[str, Any]:
        p = people[rng.randrange(people.count)]
        return {"id": i, "name": p.name, "email": p.email, "phone": p.phone,
                "subject": "Spørsmål", "body": "Hei, jeg lurer på en faktura.",
                "received_at": _when(rng)}

    def return_(i: int) -> dict[str, Any]:
        return {"id": i, "order_number": f"WS-{rng.randrange(1, orders + 1):09d}",
                "reason": "Defekt", "status": "lukket", "received_at": _when(rng)}

    def visit(i: int) -> dict[str, Any]:
        p, at = people[rng.randrange(people.count)], _when(rng)
        return {"id": i, "full_name": p.name, "phone": p.phone, "host_name": "Anne Vert",
                "school": None, "arrived_at": at, "sms_confirmed_at": at + timedelta(seconds=4)}

    def signup(i: int) -> dict[str, Any]:
        p, at = people[rng.randrange(people.count)], _when(rng)
        return {"id": i, "name": p.name, "email": p.email, "school": "Oslo vgs",
                "consent_given_at": at, "signed_up_at": at}

    makers = {("webshop", "customers"): customer, ("webshop", "orders"): order,
              ("webshop", "order_lines"): line, ("webshop", "shipments"): shipment,
              ("cases", "registrations"): registration, ("cases", "contact_messages"): message,
              ("cases", "returns"): return_, ("visitors", "visits"): visit,
              ("visitors", "school_signups"): signup}
    for (system, table), make in makers.items():
        yield from batches(system, table, make)


@dataclass(frozen=True)
class Built:
    workspace: Path
    env: dict[str, str]
    """VERNLY_*_URL for the three systems."""
    counts: dict[str, int]
    customers: int
    seed: int

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def _urls(kind: str, workspace: Path, pg_admin: str | None) -> dict[str, str]:
    if kind == "sqlite":
        return {s: f"sqlite:///{workspace / 'data' / f'{s}.sqlite'}" for s in SYSTEMS}
    assert pg_admin
    base = pg_admin.rsplit("/", 1)[0]
    return {s: f"{base}/vernly_bench_{s}" for s in SYSTEMS}


def build(out: Path, kind: str, customers: int, seed: int = 7,
          pg_admin: str | None = None, log: Any = print) -> Built:
    """The workspace, reused when its marker matches; else (re)built from scratch."""
    workspace = out / f"dsr-{kind}"
    marker = workspace / "built.json"
    urls = _urls(kind, workspace, pg_admin)
    env = {f"VERNLY_{s.upper()}_URL": url for s, url in urls.items()}
    if marker.exists():
        meta = json.loads(marker.read_text())
        if meta.get("customers") == customers and meta.get("seed") == seed:
            return Built(workspace, env, meta["counts"], customers, seed)
    if workspace.exists():
        shutil.rmtree(workspace)
    (workspace / "data").mkdir(parents=True)
    shutil.copyfile(example_policy_path(), workspace / "vernly.yaml")
    policy = load_example().policy
    engines: dict[str, Engine] = {}
    indexes: dict[str, Any] = {}
    tables: dict[tuple[str, str], Any] = {}
    for system_id in SYSTEMS:
        if kind != "sqlite":
            admin = create_engine(pg_admin or "", isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS vernly_bench_{system_id} WITH (FORCE)"))
                conn.execute(text(f"CREATE DATABASE vernly_bench_{system_id}"))
            admin.dispose()
        engine = create_engine(urls[system_id])
        metadata, indexes[system_id] = create_schema(policy.system(system_id), engine,
                                                     policy.systems, with_indexes=False)
        engines[system_id] = engine
        for name, table in metadata.tables.items():
            tables[(system_id, name)] = table
    counts: dict[str, int] = {}
    started = datetime.now(UTC)
    for system_id, table_name, rows in generate(customers, seed):
        _load(engines[system_id], tables[(system_id, table_name)], rows, kind)
        key = f"{system_id}.{table_name}"
        counts[key] = counts.get(key, 0) + len(rows)
        if counts[key] % 1_000_000 < BATCH:
            log(f"  {key}: {counts[key]:,} rows ({(datetime.now(UTC) - started).seconds}s)")
    log("  creating indexes ...")
    for system_id, engine in engines.items():
        create_indexes(engine, indexes[system_id])
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        engine.dispose()
    marker.write_text(json.dumps({"customers": customers, "seed": seed, "counts": counts,
                                  "built_at": datetime.now(UTC).isoformat()}, indent=1))
    return Built(workspace, env, counts, customers, seed)


def _load(engine: Engine, table: Any, rows: list[dict[str, Any]], kind: str) -> None:
    if kind == "sqlite":
        with engine.begin() as conn:
            conn.execute(table.insert(), rows)
        return
    columns = [c.name for c in table.columns]
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        with cursor.copy(  # type: ignore[attr-defined]
                f'COPY "{table.name}" ({", ".join(columns)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row.get(c) for c in columns])
        raw.commit()
    finally:
        raw.close()
