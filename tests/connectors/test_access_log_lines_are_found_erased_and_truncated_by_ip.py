"""The web server log: a person's lines are found and erased by IP address, and addresses
in old lines are truncated; every change is an atomic rewrite."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from vernly.connectors.identity import Identity
from vernly.connectors.logs import LogFile, truncate_ip
from vernly.policy.loader import load_example

LINES = [
    '203.0.113.7 - - [01/Mar/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 512 "-" "Firefox"\n',
    '198.51.100.4 - - [01/Mar/2026:10:01:00 +0100] "GET /kurs HTTP/1.1" 200 90 "-" "Chrome"\n',
    '2001:db8:abcd:12::1 - - [02/May/2026:11:00:00 +0000] "GET /om HTTP/1.1" 200 7 "-" "Edge"\n',
    '203.0.113.7 - - [10/Jun/2026:09:00:00 +0000] "GET /butikk HTTP/1.1" 304 - "-" "Firefox"\n',
    'garbage line without a request\n',
]


@pytest.fixture
def log(tmp_path: Path) -> LogFile:
    path = tmp_path / "access.log"
    path.write_text("".join(LINES))
    return LogFile(load_example().policy.system("weblog"), path)


def test_the_lines_of_one_address_are_found_with_their_times(log: LogFile) -> None:
    found = log.access(Identity(ip_address="203.0.113.7"))
    assert [r.line_no for r in found] == [1, 4]
    assert found[0].at == datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def test_an_ipv6_address_matches_however_it_is_written(log: LogFile) -> None:
    found = log.access(Identity(ip_address="2001:0db8:abcd:0012:0000:0000:0000:0001"))
    assert [r.line_no for r in found] == [3]


def test_erasure_removes_only_that_addresses_lines_and_is_idempotent(log: LogFile) -> None:
    assert log.erase(Identity(ip_address="203.0.113.7")) == 2
    assert log.erase(Identity(ip_address="203.0.113.7")) == 0
    assert log.path.read_text() == LINES[1] + LINES[2] + LINES[4]
    assert not [p for p in log.path.parent.iterdir() if p.name != "access.log"]


def test_old_lines_get_truncated_addresses_and_new_ones_keep_theirs(log: LogFile) -> None:
    assert log.truncate_ips_before(datetime(2026, 6, 1, tzinfo=UTC)) == 3
    text = log.path.read_text().splitlines()
    assert text[0].startswith("203.0.113.0 - - [01/Mar/2026")
    assert text[1].startswith("198.51.100.0 - - ")
    assert text[2].startswith("2001:db8:abcd:: - - ")
    assert text[3].startswith("203.0.113.7 - - [10/Jun/2026")
    assert log.truncate_ips_before(datetime(2026, 6, 1, tzinfo=UTC)) == 0
    assert log.oldest_full_ip() == datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


def test_truncation_keeps_a_network_not_a_person() -> None:
    assert truncate_ip("192.0.2.255") == "192.0.2.0"
    assert truncate_ip("2001:db8:1:2:3:4:5:6") == "2001:db8:1::"
