"""The people the connector tests are about, as rows in the demo's three databases.

* Kari Nordmann — webshop customer with three orders (one from 2019, past the bookkeeping
  period; one guest order under her e-mail only), a return case about one order in the case
  system (a cross-database reference), a course registration and a contact message.
* Ola Hansen — only a phone number: two visits, and he received a shipment of Per's order.
* Per Olsen — a customer whose order Ola received.
* Kari Nordmann (namesake) — same name, different e-mail and phone: never Kari's data.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
KARI_EMAIL = "kari.nordmann@example.no"
KARI_PHONE = "+4791234567"
OLA_PHONE = "+4798765432"
PER_EMAIL = "per.olsen@firma.no"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _customer(id_: int, number: str, name: str, mobile: str, email: str,
              created: str) -> dict[str, Any]:
    return {"id": id_, "customer_number": number, "name": name, "mobile": mobile,
            "email": email, "company_name": "Nordmann AS", "company_address":
            "Storgata 1, 0155 Oslo", "created_at": at(created)}


def _order(id_: int, customer: int | None, number: str, name: str, email: str | None,
           mobile: str | None, when: str, total: float) -> dict[str, Any]:
    return {"id": id_, "customer_id": customer, "order_number": number, "buyer_name": name,
            "buyer_email": email, "buyer_mobile": mobile, "company_name": "Nordmann AS",
            "company_address": "Storgata 1, 0155 Oslo", "total_nok": total,
            "ordered_at": at(when)}


WEBSHOP: dict[str, list[dict[str, Any]]] = {
    "customers": [
        _customer(1, "K-1001", "Kari Nordmann", KARI_PHONE, KARI_EMAIL, "2018-01-10T09:00:00"),
        _customer(2, "K-1002", "Per Olsen", "+4741111111", PER_EMAIL, "2020-02-01T10:00:00"),
        _customer(3, "K-1003", "Kari Nordmann", "+4740000001", "kari.n@annet.no",
                  "2021-03-01T10:00:00"),
    ],
    "orders": [
        _order(1, 1, "WS-1", "Kari Nordmann", KARI_EMAIL, KARI_PHONE,
               "2024-03-10T10:00:00", 1990.0),
        _order(2, 1, "WS-2", "Kari Nordmann", KARI_EMAIL, KARI_PHONE,
               "2019-05-02T10:00:00", 499.0),
        _order(3, None, "WS-3", "Kari Nordmann", KARI_EMAIL, None,
               "2025-11-20T10:00:00", 12500.5),
        _order(4, 2, "WS-4", "Per Olsen", PER_EMAIL, "+4741111111",
               "2025-01-05T10:00:00", 300.0),
        _order(5, 3, "WS-5", "Kari Nordmann", "kari.n@annet.no", "+4740000001",
               "2025-02-05T10:00:00", 80.0),
    ],
    "order_lines": [
        {"id": 1, "order_id": 1, "product": "Dokkingstasjon", "quantity": 1,
         "unit_price_nok": 1990.0},
        {"id": 2, "order_id": 2, "product": "USB-C-kabel", "quantity": 2, "unit_price_nok": 249.5},
        {"id": 3, "order_id": 3, "product": "Bærbar PC", "quantity": 1, "unit_price_nok": 12000.5},
        {"id": 4, "order_id": 3, "product": "Mus", "quantity": 1, "unit_price_nok": 500.0},
        {"id": 5, "order_id": 4, "product": "Headset", "quantity": 1, "unit_price_nok": 300.0},
        {"id": 6, "order_id": 5, "product": "Skjerm", "quantity": 1, "unit_price_nok": 80.0},
    ],
    "shipments": [
        {"id": 1, "order_id": 1, "carrier": "Bring", "recipient_name": "Kari Nordmann",
         "recipient_phone": KARI_PHONE, "delivery_address": "Storgata 1, 0155 Oslo",
         "shipped_at": at("2024-03-11T08:00:00")},
        {"id": 2, "order_id": 3, "carrier": "PostNord", "recipient_name": "Kari Nordmann",
         "recipient_phone": None, "delivery_address": "Storgata 1, 0155 Oslo",
         "shipped_at": at("2025-11-21T08:00:00")},
        {"id": 3, "order_id": 4, "carrier": "DHL Express", "recipient_name": "Ola Hansen",
         "recipient_phone": OLA_PHONE, "delivery_address": "Kirkeveien 5, 0368 Oslo",
         "shipped_at": at("2025-01-06T08:00:00")},
    ],
}

CASES: dict[str, list[dict[str, Any]]] = {
    "registrations": [
        {"id": 1, "event_title": "Intility Summit", "event_date": at("2025-09-01T00:00:00").date(),
         "name": "Kari Nordmann", "email": KARI_EMAIL, "phone": KARI_PHONE,
         "industry": "Finans", "position": "IT-sjef", "consent_given_at": at("2025-08-01T10:00:00"),
         "consent_withdrawn_at": None, "registered_at": at("2025-08-01T10:00:00")},
        {"id": 2, "event_title": "Intility Summit", "event_date": at("2025-09-01T00:00:00").date(),
         "name": "Per Olsen", "email": PER_EMAIL, "phone": "+4741111111", "industry": "Bygg",
         "position": "Daglig leder", "consent_given_at": at("2025-08-02T10:00:00"),
         "consent_withdrawn_at": None, "registered_at": at("2025-08-02T10:00:00")},
    ],
    "contact_messages": [
        {"id": 1, "name": "Kari Nordmann", "email": None, "phone": KARI_PHONE,
         "subject": "Faktura", "body": "Hei, jeg lurer på fakturaen.",
         "received_at": at("2026-01-03T12:00:00")},
    ],
    "returns": [
        {"id": 1, "order_number": "WS-1", "reason": "Defekt dokkingstasjon", "status": "lukket",
         "received_at": at("2024-03-20T12:00:00")},
        {"id": 2, "order_number": "WS-4", "reason": "Feil farge", "status": "åpen",
         "received_at": at("2025-01-10T12:00:00")},
    ],
}

VISITORS: dict[str, list[dict[str, Any]]] = {
    "visits": [
        {"id": 1, "full_name": "Ola Hansen", "phone": OLA_PHONE, "host_name": "Anne Vert",
         "school": None, "arrived_at": at("2026-05-02T09:00:00"),
         "sms_confirmed_at": at("2026-05-02T09:00:04")},
        {"id": 2, "full_name": "Ola Hansen", "phone": OLA_PHONE, "host_name": "Anne Vert",
         "school": None, "arrived_at": at("2026-06-01T13:00:00"),
         "sms_confirmed_at": at("2026-06-01T13:00:03")},
        {"id": 3, "full_name": "Kari Nordmann", "phone": "+4740000001", "host_name": "Bjørn Vert",
         "school": None, "arrived_at": at("2026-06-02T13:00:00"),
         "sms_confirmed_at": at("2026-06-02T13:00:05")},
    ],
    "school_signups": [
        {"id": 1, "name": "Nora Elev", "email": "nora.elev@skole.no", "school": "Oslo vgs",
         "consent_given_at": at("2025-10-01T10:00:00"), "signed_up_at": at("2025-10-01T10:00:00")},
    ],
}

ROWS = {"webshop": WEBSHOP, "cases": CASES, "visitors": VISITORS}
