"""The rows that belong to a person, by hand-written SQL: what collection must match."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Ids = Callable[..., set[Any]]
"""ids(system, query, **params) -> first column of every row."""

ORDERS = """SELECT id FROM orders WHERE buyer_email = :e OR buyer_mobile = :p
            OR customer_id IN (SELECT id FROM customers WHERE email = :e OR mobile = :p)"""


def rows_by_hand(ids: Ids, email: str | None, phone: str | None
                 ) -> dict[tuple[str, str], set[Any]]:
    p = {"e": email, "p": phone}
    numbers = ids("webshop", f"SELECT order_number FROM orders WHERE id IN ({ORDERS})", **p)
    found = {
        ("webshop", "customers"): ids(
            "webshop", "SELECT id FROM customers WHERE email = :e OR mobile = :p", **p),
        ("webshop", "orders"): ids("webshop", ORDERS, **p),
        ("webshop", "order_lines"): ids(
            "webshop", f"SELECT id FROM order_lines WHERE order_id IN ({ORDERS})", **p),
        ("webshop", "shipments"): ids(
            "webshop", f"SELECT id FROM shipments WHERE recipient_phone = :p "
                       f"OR order_id IN ({ORDERS})", **p),
        ("cases", "registrations"): ids(
            "cases", "SELECT id FROM registrations WHERE email = :e OR phone = :p", **p),
        ("cases", "contact_messages"): ids(
            "cases", "SELECT id FROM contact_messages WHERE email = :e OR phone = :p", **p),
        ("cases", "returns"): {
            i for n in numbers
            for i in ids("cases", "SELECT id FROM returns WHERE order_number = :n", n=n)},
        ("visitors", "visits"): ids("visitors", "SELECT id FROM visits WHERE phone = :p", **p),
        ("visitors", "school_signups"): ids(
            "visitors", "SELECT id FROM school_signups WHERE email = :e", **p),
    }
    return {k: v for k, v in found.items() if v}
