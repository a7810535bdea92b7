"""People as they were typed into a customer table: mixed-case e-mail addresses and phone
numbers in the forms Norwegians write them."""

from __future__ import annotations

from typing import Any

SYSTEMS = """
- id: crm
  name: CRM
  kind: sql
  url: ${SAMPLE_CRM_URL}
  tables:
    - name: contacts
      columns:
        - {name: id}
        - {name: email, category: user.contact.email, identity: email}
        - {name: phone, category: user.contact.phone_number, identity: phone}
        - name: national_id
          category: user.government_id.national_identification_number
          identity: national_id
"""

DDL = {"crm": [
    "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email VARCHAR(80), phone VARCHAR(30), "
    "national_id VARCHAR(11))",
    "CREATE INDEX contacts_phone ON contacts (phone)",
]}

PHONE_FORMS = ["+47 912 34 567", "+4791234567", "0047 912 34 567", "004791234567",
               "912 34 567", "91 23 45 67", "91234567", "912-34-567"]

ROWS: dict[str, dict[str, list[dict[str, Any]]]] = {"crm": {"contacts": [
    {"id": 1, "email": "Jane@Example.com", "phone": None, "national_id": None},
    {"id": 2, "email": "JANE@EXAMPLE.COM", "phone": None, "national_id": None},
    {"id": 3, "email": "jane@example.com.evil", "phone": None, "national_id": None},
    {"id": 4, "email": "jané@example.com", "phone": None, "national_id": None},
    *[{"id": 10 + i, "email": None, "phone": form, "national_id": None}
      for i, form in enumerate(PHONE_FORMS)],
    {"id": 30, "email": None, "phone": "+47 912 34 568", "national_id": None},
    {"id": 31, "email": None, "phone": "+46 91 23 45 67", "national_id": None},
    {"id": 40, "email": None, "phone": None, "national_id": "01010012356"},
]}}
