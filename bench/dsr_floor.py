"""The floor of the access benchmark: hand-written SQL reading exactly the rows vernly
collects for a person, over connections opened once, with the plain DB-API driver.

Same predicates as vernly's (docs/requests.md): e-mail as `lower(column) = ?` (served by
the demo schema's `lower(...)` indexes) and a phone number as `column IN (...)` over the
forms people store it in."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg

from vernly.connectors.identity import phone_forms


class Floor:
    def __init__(self, kind: str, urls: dict[str, str]) -> None:
        self.kind = kind
        self.mark = "?" if kind == "sqlite" else "%s"
        self.conns: dict[str, Any] = {}
        for system, url in urls.items():
            if kind == "sqlite":
                self.conns[system] = sqlite3.connect(url.removeprefix("sqlite:///"))
            else:
                plain = url.replace("postgresql+psycopg", "postgresql")
                self.conns[system] = psycopg.connect(plain, autocommit=True)

    def _all(self, system: str, sql: str, params: list[Any]) -> list[Any]:
        cursor = self.conns[system].cursor()
        cursor.execute(sql.replace("?", self.mark), params)
        return list(cursor.fetchall())

    def _in(self, values: list[Any]) -> str:
        return ", ".join("?" for _ in values)

    def lookup(self, email: str, phone: str) -> dict[str, int]:
        """Read the person's rows in every table; returns the row counts per table."""
        found: dict[str, list[Any]] = {}
        email = email.lower()
        forms = phone_forms(phone)
        phones = f"IN ({self._in(forms)})"
        ep = [email, *forms]
        found["webshop.customers"] = customers = self._all(
            "webshop", f"SELECT * FROM customers WHERE lower(email) = ? OR mobile {phones}", ep)
        ids = [row[0] for row in customers]
        found["webshop.orders"] = orders = self._all(
            "webshop", f"SELECT * FROM orders WHERE lower(buyer_email) = ? "
            f"OR buyer_mobile {phones}"
            + (f" OR customer_id IN ({self._in(ids)})" if ids else ""), ep + ids)
        order_ids = [row[0] for row in orders]
        numbers = [row[2] for row in orders]
        found["webshop.order_lines"] = self._all(
            "webshop", f"SELECT * FROM order_lines WHERE order_id IN ({self._in(order_ids)})",
            order_ids) if order_ids else []
        found["webshop.shipments"] = self._all(
            "webshop", f"SELECT * FROM shipments WHERE recipient_phone {phones}"
            + (f" OR order_id IN ({self._in(order_ids)})" if order_ids else ""),
            [*forms, *order_ids])
        for table in ("registrations", "contact_messages"):
            found[f"cases.{table}"] = self._all(
                "cases", f"SELECT * FROM {table} WHERE lower(email) = ? OR phone {phones}", ep)
        found["cases.returns"] = self._all(
            "cases", f"SELECT * FROM returns WHERE order_number IN ({self._in(numbers)})",
            numbers) if numbers else []
        found["visitors.visits"] = self._all(
            "visitors", f"SELECT * FROM visits WHERE phone {phones}", forms)
        found["visitors.school_signups"] = self._all(
            "visitors", "SELECT * FROM school_signups WHERE lower(email) = ?", [email])
        return {table: len(rows) for table, rows in found.items() if rows}

    def close(self) -> None:
        for conn in self.conns.values():
            conn.close()
