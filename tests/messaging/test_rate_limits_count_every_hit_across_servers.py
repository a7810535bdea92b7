"""A rate limit allows `count` hits per window for one key, then refuses with the seconds
left; hits from many threads (servers) are all counted; the key is stored hashed."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from vernly.engine.limits import Limit, take, window_start
from vernly.ledger.db import Ledger
from vernly.ledger.limits import RateCounter

CODES = Limit("codes-per-address", 3, timedelta(hours=1))
NOW = datetime(2026, 11, 30, 10, 15, tzinfo=UTC)


def test_the_fourth_code_in_an_hour_is_refused_until_the_hour_ends(ledger: Ledger) -> None:
    verdicts = [take(ledger, CODES, "kari@example.no", NOW) for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert verdicts[-1].retry_after_seconds == 45 * 60
    assert take(ledger, CODES, "KARI@example.no ", NOW).allowed is False  # same address
    assert take(ledger, CODES, "ola@example.no", NOW).allowed is True
    next_hour = window_start(CODES, NOW) + CODES.per
    assert take(ledger, CODES, "kari@example.no", next_hour).allowed is True


def test_concurrent_hits_are_all_counted(ledger: Ledger) -> None:
    limit = Limit("submits-per-client", 25, timedelta(minutes=10))
    allowed: list[bool] = []

    def hit() -> None:
        for _ in range(10):
            allowed.append(take(ledger, limit, "203.0.113.9", NOW).allowed)

    threads = [threading.Thread(target=hit) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert allowed.count(True) == 25 and allowed.count(False) == 35


def test_the_address_itself_is_not_stored(ledger: Ledger) -> None:
    take(ledger, CODES, "kari@example.no", NOW)
    with ledger.session() as s:
        [key] = s.execute(select(RateCounter.key)).scalars()
    assert "kari" not in key and len(key) == 64
    later = NOW + timedelta(days=1)
    assert take(ledger, CODES, "kari@example.no", later).hits == 1
