"""A film rental shaped after the Sakila sample database: customers at shared addresses,
rentals of inventory copies of films, and payments."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

NOW = datetime(2026, 6, 1, tzinfo=UTC)

SYSTEMS = """
- id: rental
  name: Film rental
  kind: sql
  url: ${SAMPLE_RENTAL_URL}
  tables:
    - name: address
      primary_key: address_id
      columns:
        - {name: address_id}
        - {name: street, category: user.contact.address}
    - name: customer
      primary_key: customer_id
      erasure: %(customer_erasure)s
      columns:
        - {name: customer_id}
        - {name: first_name, category: user.name}
        - {name: email, category: user.contact.email, identity: email}
        - {name: address_id}
        - {name: store_no}
      references:
        - {field: address_id, to: address.address_id%(orphans)s}
    - name: film
      primary_key: film_id
      columns:
        - {name: film_id}
        - {name: title}
    - name: inventory
      primary_key: inventory_id
      columns:
        - {name: inventory_id}
        - {name: film_id}
      references:
        - {field: film_id, to: film.film_id}
    - name: rental
      primary_key: rental_id
      columns:
        - {name: rental_id}
        - {name: customer_id}
        - {name: inventory_id}
      references:
        - {field: customer_id, to: customer.customer_id}
        - {field: inventory_id, to: inventory.inventory_id}
    - name: payment
      primary_key: payment_id
      columns:
        - {name: payment_id}
        - {name: customer_id}
        - {name: rental_id}
        - {name: amount, category: user.financial}
      references:
        - {field: customer_id, to: customer.customer_id}
        - {field: rental_id, to: rental.rental_id}
"""


def systems(customer_erasure: str = "delete", orphans: bool = False) -> str:
    return SYSTEMS % {"customer_erasure": customer_erasure,
                      "orphans": ", orphans: delete" if orphans else ""}


DDL = {"rental": [
    "CREATE TABLE address (address_id INTEGER PRIMARY KEY, street VARCHAR(80) NOT NULL)",
    "CREATE TABLE customer (customer_id INTEGER PRIMARY KEY, first_name VARCHAR(40) NOT NULL, "
    "email VARCHAR(80), address_id INTEGER NOT NULL REFERENCES address (address_id), "
    "store_no INTEGER NOT NULL)",
    "CREATE TABLE film (film_id INTEGER PRIMARY KEY, title VARCHAR(80))",
    "CREATE TABLE inventory (inventory_id INTEGER PRIMARY KEY, "
    "film_id INTEGER NOT NULL REFERENCES film (film_id))",
    "CREATE TABLE rental (rental_id INTEGER PRIMARY KEY, "
    "customer_id INTEGER NOT NULL REFERENCES customer (customer_id), "
    "inventory_id INTEGER NOT NULL REFERENCES inventory (inventory_id))",
    "CREATE TABLE payment (payment_id INTEGER PRIMARY KEY, "
    "customer_id INTEGER NOT NULL REFERENCES customer (customer_id), "
    "rental_id INTEGER REFERENCES rental (rental_id), amount NUMERIC(5, 2))",
]}

MARY, PATRICIA, LINDA = "mary@rental.example", "patricia@rental.example", "linda@rental.example"

ROWS: dict[str, dict[str, list[dict[str, Any]]]] = {"rental": {
    "address": [{"address_id": 1, "street": "Storgata 1"},
                {"address_id": 2, "street": "Kirkeveien 5"}],
    # Mary and Patricia share an address; Linda lives alone.
    "customer": [
        {"customer_id": 1, "first_name": "Mary", "email": MARY, "address_id": 1, "store_no": 1},
        {"customer_id": 2, "first_name": "Patricia", "email": PATRICIA, "address_id": 1,
         "store_no": 1},
        {"customer_id": 3, "first_name": "Linda", "email": LINDA, "address_id": 2,
         "store_no": 2},
    ],
    "film": [{"film_id": 1, "title": "Academy Dinosaur"},
             {"film_id": 2, "title": "Ace Goldfinger"}],
    "inventory": [{"inventory_id": 1, "film_id": 1}, {"inventory_id": 2, "film_id": 2}],
    "rental": [{"rental_id": 1, "customer_id": 1, "inventory_id": 1},
               {"rental_id": 2, "customer_id": 2, "inventory_id": 1},
               {"rental_id": 3, "customer_id": 3, "inventory_id": 2}],
    "payment": [{"payment_id": 1, "customer_id": 1, "rental_id": 1, "amount": 2.99},
                {"payment_id": 2, "customer_id": 2, "rental_id": 2, "amount": 0.99},
                {"payment_id": 3, "customer_id": 3, "rental_id": 3, "amount": 4.99}],
}}
