"""The detector behind VL958/VL959 and `policy draft`: e-mail addresses, phone numbers
(Norway by default), fødselsnummer and IP addresses by their values; names and postal
addresses by the column's name, in English and Norwegian; counts only, never values."""

from __future__ import annotations

import pytest

from vernly.connectors.detect import by_name, by_values, detect


@pytest.mark.parametrize(("column", "table", "kind"), [
    ("epost", "", "email"), ("e_mail", "", "email"), ("buyerEmail", "", "email"),
    ("epostadresse", "", "email"), ("mobil", "", "phone"), ("tlf", "", "phone"),
    ("recipient_phone", "", "phone"), ("fodselsnummer", "", "national_id"),
    ("fnr", "", "national_id"), ("client_ip", "", "ip_address"),
    ("ip_address", "", "ip_address"), ("leveringsadresse", "", "address"),
    ("postnummer", "", "address"), ("fornavn", "", "name"), ("etternavn", "", "name"),
    ("first_name", "", "name"), ("name", "customers", "name"), ("navn", "kunder", "name"),
])
def test_names_that_look_like_personal_data(column: str, table: str, kind: str) -> None:
    found = by_name(column, table)
    assert found is not None and found.key == kind


@pytest.mark.parametrize(("column", "table"), [
    ("company_name", ""), ("product_name", ""), ("name", "products"), ("navn", "skoler"),
    ("email_sent_at", ""), ("email_verified", ""), ("mac_address", ""), ("customer_id", ""),
    ("order_number", ""), ("status", ""), ("username", ""),
])
def test_names_that_do_not(column: str, table: str) -> None:
    assert by_name(column, table) is None


def test_values_are_counted_by_kind() -> None:
    emails = by_values(["kari@firma.no", "ola@example.com", "ikke en adresse", None, ""])
    assert emails is not None
    assert (emails.kind.key, emails.matched, emails.sampled) == ("email", 2, 3)
    assert emails.evidence() == "2 of 3 sampled values look like e-mail addresses"
    phones = by_values(["+47 912 34 567", "91234567", "0047 41234567", "K100001"])
    assert phones is not None and (phones.kind.key, phones.matched) == ("phone", 3)
    ids = by_values(["15108695088", "151086 95088", 1108695076])
    assert ids is not None and ids.kind.key == "national_id"
    ips = by_values(["10.1.2.3", "2001:db8::1"])
    assert ips is not None and ips.kind.key == "ip_address"


def test_numbers_codes_and_prose_are_not_personal_data() -> None:
    assert by_values([1, 2, 3, 10000001, 91234567]) is None
    assert by_values(["WS1000001", "K100001", "DHL Express", "1.5", "2025-01-01"]) is None
    assert by_values(["12345678901"]) is None  # eleven digits, but no valid check digits


def test_values_win_over_the_name_and_the_name_serves_an_empty_column() -> None:
    by_data = detect("kontakt", ["kari@firma.no"] * 3)
    assert by_data is not None and by_data.kind.key == "email" and by_data.from_values
    by_column = detect("mobilnummer", [None, None])
    assert by_column is not None and by_column.kind.key == "phone"
    assert by_column.evidence() == "its name suggests phone numbers"
