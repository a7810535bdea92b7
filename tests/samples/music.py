"""A music shop shaped after the Chinook sample database: customers served by employees,
invoices, invoice lines and a track catalogue every customer buys from."""

from __future__ import annotations

from typing import Any

SYSTEMS = """
- id: shop
  name: Music shop
  kind: sql
  url: ${SAMPLE_SHOP_URL}
  tables:
    - name: employee
      primary_key: employee_id
      columns:
        - {name: employee_id}
        - {name: last_name, category: user.name}
        - {name: email, category: user.contact.email, identity: email}
        - {name: reports_to}
      references:
        - {field: reports_to, to: employee.employee_id}
    - name: customer
      primary_key: customer_id
      columns:
        - {name: customer_id}
        - {name: first_name, category: user.name}
        - {name: email, category: user.contact.email, identity: email}
        - {name: phone, category: user.contact.phone_number, identity: phone}
        - {name: support_rep_id}
      references:
        - {field: support_rep_id, to: employee.employee_id}
    - name: invoice
      primary_key: invoice_id
      columns:
        - {name: invoice_id}
        - {name: customer_id}
        - {name: billing_address, category: user.contact.address}
        - {name: total, category: user.financial}
      references:
        - {field: customer_id, to: customer.customer_id}
    - name: invoice_line
      primary_key: invoice_line_id
      columns:
        - {name: invoice_line_id}
        - {name: invoice_id}
        - {name: track_id}
        - {name: unit_price, category: user.financial}
      references:
        - {field: invoice_id, to: invoice.invoice_id}
        - {field: track_id, to: track.track_id}
    - name: track
      primary_key: track_id
      columns:
        - {name: track_id}
        - {name: name}
"""

DDL = {"shop": [
    "CREATE TABLE employee (employee_id INTEGER PRIMARY KEY, last_name VARCHAR(40), "
    "email VARCHAR(80), reports_to INTEGER REFERENCES employee (employee_id))",
    "CREATE TABLE customer (customer_id INTEGER PRIMARY KEY, first_name VARCHAR(40), "
    "email VARCHAR(80), phone VARCHAR(30), "
    "support_rep_id INTEGER REFERENCES employee (employee_id))",
    "CREATE TABLE invoice (invoice_id INTEGER PRIMARY KEY, "
    "customer_id INTEGER NOT NULL REFERENCES customer (customer_id), "
    "billing_address VARCHAR(80), total NUMERIC(10, 2))",
    "CREATE TABLE track (track_id INTEGER PRIMARY KEY, name VARCHAR(80))",
    "CREATE TABLE invoice_line (invoice_line_id INTEGER PRIMARY KEY, "
    "invoice_id INTEGER NOT NULL REFERENCES invoice (invoice_id), "
    "track_id INTEGER NOT NULL REFERENCES track (track_id), unit_price NUMERIC(10, 2))",
]}

ASTRID, BJORN, CAMILLA = "astrid@example.no", "bjorn@example.no", "camilla@example.no"
JANE = "jane@chinook.example"

ROWS: dict[str, dict[str, list[dict[str, Any]]]] = {"shop": {
    "employee": [
        {"employee_id": 1, "last_name": "Adams", "email": "andrew@chinook.example",
         "reports_to": None},
        {"employee_id": 2, "last_name": "Peacock", "email": JANE, "reports_to": 1},
    ],
    "customer": [
        {"customer_id": 1, "first_name": "Astrid", "email": ASTRID, "phone": "+47 912 34 567",
         "support_rep_id": 2},
        {"customer_id": 2, "first_name": "Bjørn", "email": BJORN, "phone": "+4741111111",
         "support_rep_id": 2},
        {"customer_id": 3, "first_name": "Camilla", "email": CAMILLA, "phone": None,
         "support_rep_id": 1},
    ],
    "track": [{"track_id": t, "name": f"Track {t}"} for t in (1, 2, 3, 4)],
    "invoice": [
        {"invoice_id": 1, "customer_id": 1, "billing_address": "Storgata 1", "total": 2},
        {"invoice_id": 2, "customer_id": 2, "billing_address": "Kirkeveien 5", "total": 1},
        {"invoice_id": 3, "customer_id": 3, "billing_address": "Bygdøy allé 2", "total": 2},
    ],
    "invoice_line": [
        {"invoice_line_id": 1, "invoice_id": 1, "track_id": 1, "unit_price": 1},
        {"invoice_line_id": 2, "invoice_id": 1, "track_id": 2, "unit_price": 1},
        # Bjørn and Camilla bought the same tracks as Astrid.
        {"invoice_line_id": 3, "invoice_id": 2, "track_id": 1, "unit_price": 1},
        {"invoice_line_id": 4, "invoice_id": 3, "track_id": 2, "unit_price": 1},
        {"invoice_line_id": 5, "invoice_id": 3, "track_id": 3, "unit_price": 1},
    ],
}}
