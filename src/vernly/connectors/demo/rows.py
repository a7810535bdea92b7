"""Synthetic people and their rows in the webshop, case and visitor systems.

People come in blocks so memory stays flat at any size. A person keeps one e-mail address
and one mobile number everywhere, as in real life: about 60 % of course registrants are
also webshop customers, visitors are found by the phone they gave in the webshop, pupils
sign up for school visits and come with their class. Timestamps are epoch seconds here; the
loader turns them into each database's own type.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from vernly.connectors.demo.pools import (
    BODIES,
    CARRIERS,
    FREE_DOMAINS,
    INDUSTRIES,
    POSITIONS,
    PRODUCTS,
    RETURN_REASONS,
    RETURN_STATUS,
    SUBJECTS,
    Pools,
    slug,
)

DAY = 86_400
YEAR = 365 * DAY
BLOCK = 20_000
"""People generated (and inserted) at a time."""

COLUMNS: dict[tuple[str, str], tuple[str, ...]] = {
    ("webshop", "customers"): ("id", "customer_number", "name", "mobile", "email",
                               "company_name", "company_address", "created_at"),
    ("webshop", "orders"): ("id", "customer_id", "order_number", "buyer_name", "buyer_email",
                            "buyer_mobile", "company_name", "company_address", "total_nok",
                            "ordered_at"),
    ("webshop", "order_lines"): ("id", "order_id", "product", "quantity", "unit_price_nok"),
    ("webshop", "shipments"): ("id", "order_id", "carrier", "recipient_name", "recipient_phone",
                               "delivery_address", "shipped_at"),
    ("cases", "registrations"): ("id", "event_title", "event_date", "name", "email", "phone",
                                 "industry", "position", "consent_given_at",
                                 "consent_withdrawn_at", "registered_at"),
    ("cases", "contact_messages"): ("id", "name", "email", "phone", "subject", "body",
                                    "received_at"),
    ("cases", "returns"): ("id", "order_number", "reason", "status", "received_at"),
    ("visitors", "visits"): ("id", "full_name", "phone", "host_name", "school", "arrived_at",
                             "sms_confirmed_at"),
    ("visitors", "school_signups"): ("id", "name", "email", "school", "consent_given_at",
                                     "signed_up_at"),
}
Block = dict[tuple[str, str], list[tuple[object, ...]]]


class Weighted:
    """A weighted choice by bisecting cumulative weights (random.choices is 3x slower)."""

    def __init__(self, values: tuple[int, ...], weights: tuple[int, ...]) -> None:
        self.values = values
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def __call__(self, rnd: Callable[[], float]) -> int:
        return self.values[bisect.bisect_right(self.cumulative, rnd() * self.total)]


ORDERS = Weighted((1, 2, 3, 4, 5, 6), (30, 25, 18, 12, 9, 6))
LINES = Weighted((1, 2, 3, 4), (45, 30, 15, 10))
QUANTITY = Weighted((1, 2, 3, 5, 10), (70, 15, 7, 5, 3))
REGISTRATIONS = Weighted((1, 2, 3), (60, 30, 10))
VISITS = Weighted((1, 2, 3, 4), (50, 25, 15, 10))
T = TypeVar("T")
_slug = functools.lru_cache(maxsize=4096)(slug)


@dataclass
class Person:
    name: str
    email: str
    phone: str
    company: int


@dataclass
class Samples:
    """A few people worth trying in the demo (synthetic, so printing them is fine)."""

    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)


class Population:
    """Generates everyone's rows, block by block, reproducibly from a seed."""

    def __init__(self, pools: Pools, subjects: int, now_ts: int, seed: int) -> None:
        self.pools, self.subjects, self.now = pools, subjects, now_ts
        self.rng = random.Random(seed)
        self.rnd = self.rng.random
        self.ids = dict.fromkeys(COLUMNS, 0)
        self.samples = Samples()
        self._emails: dict[str, int] = {}
        # Unique Norwegian mobile numbers: 4xxxxxxx and 9xxxxxxx.
        picks = self.rng.sample(range(20_000_000), subjects)
        self._phones = [f"+47{(40_000_000 if n < 10_000_000 else 80_000_000) + n}"
                        for n in picks]

    def pick(self, values: Sequence[T]) -> T:
        return values[int(self.rnd() * len(values))]

    def between(self, low: int, high: int) -> int:
        return low + int(self.rnd() * (high - low + 1))

    def _next(self, key: tuple[str, str]) -> int:
        self.ids[key] += 1
        return self.ids[key]

    def _person(self, index: int) -> Person:
        pools = self.pools
        first, last = self.pick(pools.first_names), self.pick(pools.last_names)
        if index == 0:
            first, last = "Kari", "Nordmann"
        company = int(self.rnd() * len(pools.companies))
        domain = (pools.companies[company].domain if self.rnd() < 0.65
                  else self.pick(FREE_DOMAINS))
        local = f"{_slug(first)}.{_slug(last)}"
        base = f"{local}@{domain}"
        seen = self._emails.get(base, 0)
        self._emails[base] = seen + 1
        email = base if not seen else f"{local}{seen + 1}@{domain}"
        return Person(f"{first} {last}", email, self._phones[index], company)

    def _when(self, start: int, end: int | None = None) -> int:
        end = self.now if end is None else end
        return self.between(start, max(start, end))

    def blocks(self) -> Iterator[Block]:
        for start in range(0, self.subjects, BLOCK):
            yield self._block(range(start, min(start + BLOCK, self.subjects)))

    def _block(self, indexes: range) -> Block:
        rows: Block = {key: [] for key in COLUMNS}
        people = [self._person(i) for i in indexes]
        for offset, index in enumerate(indexes):
            person, r = people[offset], self.rnd()
            if index == 0 or (0.04 <= r < 0.59):
                customer = self._customer(rows, person)
                self._orders(rows, person, customer, people, index == 0)
                registers = index == 0 or self.rnd() < 0.33
            else:
                if r < 0.04:
                    self._pupil(rows, person)
                    continue
                if self.rnd() < 0.06:
                    self._orders(rows, person, None, people, False)
                registers = self.rnd() < 0.27
            if registers:
                self._registrations(rows, person)
            if index == 0 or self.rnd() < 0.12:
                self._contact(rows, person)
            visits = index == 0 or self.rnd() < 0.35
            if visits:
                self._visits(rows, person, None)
            # Worth trying: people in the webshop, the case system and the visitor system.
            customer_here = index == 0 or 0.04 <= r < 0.59
            if customer_here and registers and visits and len(self.samples.emails) < 6:
                self.samples.emails.append(person.email)
                self.samples.phones.append(person.phone)
        return rows

    def _customer(self, rows: Block, person: Person) -> tuple[int, int]:
        key = ("webshop", "customers")
        cid = self._next(key)
        company = self.pools.companies[person.company]
        created = self._when(self.now - 8 * YEAR, self.now - 30 * DAY)
        rows[key].append((cid, f"K{100000 + cid}", person.name, person.phone, person.email,
                          company.name, company.address, created))
        return cid, created

    def _orders(self, rows: Block, person: Person, customer: tuple[int, int] | None,
                people: list[Person], many: bool) -> None:
        count = 4 if many else ORDERS(self.rnd)
        if customer is None:
            count = self.pick((1, 1, 2))
        since = max(self.now - 7 * YEAR, customer[1] if customer else self.now - 7 * YEAR)
        for n in range(count):
            # Kari's first order is old enough that the bookkeeping period is over.
            ordered = self.now - 7 * YEAR + 30 * DAY if many and n == 0 else self._when(since)
            buyer = person if self.rnd() < 0.93 else self.pick(people)
            self._order(rows, buyer, customer[0] if customer else None, ordered, people)

    def _order(self, rows: Block, buyer: Person, customer_id: int | None, ordered: int,
               people: list[Person]) -> None:
        oid = self._next(("webshop", "orders"))
        number = f"WS{1_000_000 + oid}"
        total = 0.0
        for _ in range(LINES(self.rnd)):
            product, price = self.pick(PRODUCTS)
            quantity = QUANTITY(self.rnd)
            total += quantity * price
            rows[("webshop", "order_lines")].append(
                (self._next(("webshop", "order_lines")), oid, product, quantity, price))
        company = self.pools.companies[buyer.company]
        rows[("webshop", "orders")].append(
            (oid, customer_id, number, buyer.name, buyer.email,
             buyer.phone if self.rnd() < 0.9 else None, company.name, company.address,
             round(total, 2), ordered))
        if self.rnd() < 0.92:
            recipient = buyer if self.rnd() < 0.9 else self.pick(people)
            address = company.address if self.rnd() < 0.8 else self.pick(self.pools.streets)
            rows[("webshop", "shipments")].append(
                (self._next(("webshop", "shipments")), oid, self.pick(CARRIERS), recipient.name,
                 recipient.phone, address, min(self.now, ordered + self.between(DAY // 2,
                                                                               3 * DAY))))
        if self.rnd() < 0.04:
            rows[("cases", "returns")].append(
                (self._next(("cases", "returns")), number, self.pick(RETURN_REASONS),
                 self.pick(RETURN_STATUS), min(self.now, ordered + self.between(5, 30) * DAY)))

    def _registrations(self, rows: Block, person: Person) -> None:
        for _ in range(REGISTRATIONS(self.rnd)):
            title, when = self.pick(self.pools.events)
            event_ts = _epoch(when)
            registered = min(self.now, event_ts - self.between(5, 60) * DAY)
            withdrawn = (self._when(registered) if self.rnd() < 0.08 else None)
            rows[("cases", "registrations")].append(
                (self._next(("cases", "registrations")), title, when, person.name, person.email,
                 person.phone if self.rnd() < 0.8 else None, self.pick(INDUSTRIES),
                 self.pick(POSITIONS), registered, withdrawn, registered))

    def _contact(self, rows: Block, person: Person) -> None:
        for _ in range(self.pick((1, 1, 2))):
            rows[("cases", "contact_messages")].append(
                (self._next(("cases", "contact_messages")), person.name,
                 person.email if self.rnd() < 0.95 else None,
                 person.phone if self.rnd() < 0.5 else None, self.pick(SUBJECTS),
                 self.pick(BODIES), self._when(self.now - 3 * YEAR)))

    def _visits(self, rows: Block, person: Person, school: str | None) -> None:
        for _ in range(1 if school else VISITS(self.rnd)):
            day = self._when(self.now - 2 * YEAR) // DAY * DAY
            arrived = min(self.now, day + self.between(7 * 3600, 16 * 3600))
            rows[("visitors", "visits")].append(
                (self._next(("visitors", "visits")), person.name, person.phone,
                 "Skolekontakt" if school else self.pick(self.pools.hosts), school, arrived,
                 arrived + self.between(2, 20)))

    def _pupil(self, rows: Block, person: Person) -> None:
        school = self.pick(self.pools.schools)
        signed = self._when(self.now - 2 * YEAR)
        rows[("visitors", "school_signups")].append(
            (self._next(("visitors", "school_signups")), person.name, person.email, school,
             signed, signed))
        if self.rnd() < 0.6:
            self._visits(rows, person, school)


def _epoch(day: date) -> int:
    return (day.toordinal() - date(1970, 1, 1).toordinal()) * DAY
