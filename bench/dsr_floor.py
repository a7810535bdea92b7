"""The floor of the access benchmark: hand-written SQL reading exactly the rows vernly
collects for a person, over connections opened once, with the plain DB-API driver."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg


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
        ep = [email, phone]
        found["webshop.customers"] = customers = self._all(
            "webshop", "SELECT * FROM customers WHERE email = ? OR mobile = ?", ep)
        ids = [row[0] for row in customers]
        found["webshop.orders"] = orders = self._all(
            "webshop", "SELECT * FROM orders WHERE buyer_email = ? OR buyer_mobile = ?"
            + (f" OR customer_id IN ({self._in(ids)})" if ids else ""), ep + ids)
        order_ids = [row[0] for row in orders]
        numbers = [row[2] for row in orders]
        found["webshop.order_lines"] = self._all(
            "webshop", f"SELECT * FROM order_lines WHERE order_id IN ({self._in(order_ids)})",
            order_ids) if order_ids else []
        found["webshop.shipments"] = self._all(
            "webshop", "SELECT * FROM shipments WHERE recipient_phone = ?"
            + (f" OR order_id IN ({self._in(order_ids)})" if order_ids else ""),
            [phone, *order_ids])
        for table in ("registrations", "contact_messages"):
            found[f"cases.{table}"] = self._all(
                "cases", f"SELECT * FROM {table} WHERE email = ? OR phone = ?", ep)
        found["cases.returns"] = self._all(
            "cases", f"SELECT * FROM returns WHERE order_number IN ({self._in(numbers)})",
            numbers) if numbers else []
        found["visitors.visits"] = self._all(
            "visitors", "SELECT * FROM visits WHERE phone = ?", [phone])
        found["visitors.school_signups"] = self._all(
            "visitors", "SELECT * FROM school_signups WHERE email = ?", [email])
        return {table: len(rows) for table, rows in found.items() if rows}

    def close(self) -> None:
        for conn in self.conns.values():
            conn.close()
