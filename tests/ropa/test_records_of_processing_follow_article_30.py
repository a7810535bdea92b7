"""The Art. 30 records: a controller row per controller activity, a processor row for 1.4.1."""

from __future__ import annotations

import pytest

from vernly.notices.ropa import CONTROLLER_COLUMNS, PROCESSOR_COLUMNS, Records, records
from vernly.policy.loader import load_example


@pytest.fixture(scope="module")
def en() -> Records:
    return records(load_example(), "en")


def _row(rows: list[dict[str, str]], activity_id: str) -> dict[str, str]:
    return next(r for r in rows if r["activity_id"] == activity_id)


def test_every_activity_has_a_row_in_the_record_of_its_role(en: Records) -> None:
    policy = load_example().policy
    assert [r["activity_id"] for r in en.controller] == [
        a.id for a in policy.activities if a.role == "controller"]
    assert [r["activity_id"] for r in en.processor] == ["customer_processing"]
    assert all(list(r) == [c.key for c in CONTROLLER_COLUMNS] for r in en.controller)
    assert all(list(r) == [c.key for c in PROCESSOR_COLUMNS] for r in en.processor)


def test_the_controller_row_names_the_controller_and_the_missing_dpo(en: Records) -> None:
    row = _row(en.controller, "cctv")
    assert row["controller"] == ("Intility AS; org. no. 981 967 070; Schweigaards gate 39, "
                                 "0191 Oslo; +47 24 10 33 00; privacy@intility.no")
    assert row["dpo"] == "none designated"


def test_time_limits_are_worded_with_their_statute_or_marked_not_stated(en: Records) -> None:
    assert _row(en.controller, "webshop_orders")["erasure_time_limits"] == (
        "Deleted five years after the end of the fiscal year (bokføringsloven § 13)")
    assert _row(en.controller, "cctv")["erasure_time_limits"] == "Deleted 7 days after recording"
    assert _row(en.controller, "school_visits")["erasure_time_limits"] == (
        "Deleted 12 months after collection; Deleted when consent is withdrawn")
    assert _row(en.controller, "user_surveys")["erasure_time_limits"] == (
        "Deleted 24 months after collection (carried out by Questback AS); "
        "Deleted 24 months after collection")
    for unstated in ("visitor_registration", "contact", "server_logs"):
        assert _row(en.controller, unstated)["erasure_time_limits"] == "not stated"


def test_us_transfers_show_that_the_safeguard_is_not_stated(en: Records) -> None:
    row = _row(en.controller, "website_statistics")
    assert row["third_country_transfers"] == (
        "Google (United States): transfer mechanism not stated; "
        "Facebook (United States): transfer mechanism not stated; "
        "LinkedIn (United States): transfer mechanism not stated")
    assert _row(en.controller, "user_surveys")["third_country_transfers"] == "none"


def test_legal_basis_is_given_when_stated_and_not_stated_otherwise(en: Records) -> None:
    assert _row(en.controller, "school_visits")["legal_basis"] == (
        "Consent (GDPR Art. 6(1)(a)); Consent")
    assert _row(en.controller, "cctv")["legal_basis"] == "not stated"


def test_categories_are_named_for_people_and_recipients_include_system_processors(
        en: Records) -> None:
    row = _row(en.controller, "webshop_orders")
    assert row["personal_data"].startswith("Name; Phone number; E-mail address")
    assert row["recipients"] == ("WebMercs (Data Design AS) (processor, Norway); "
                                 "Transport companies (independent controller, country not stated)")
    assert row["data_subjects"] == "Webshop customers"


def test_the_processor_record_names_the_controllers_and_the_measures(en: Records) -> None:
    row = en.processor[0]
    assert row["controllers"] == "Intility's customers (your employer)"
    assert row["sub_processors"] == "Sub-processors (sub-processor, country not stated)"
    assert row["security_measures"] == "See section 1.7 and Intility Trust Center."
    assert "create user accounts" in row["categories_of_processing"]


def test_the_norwegian_records_use_norwegian_words() -> None:
    nb = records(load_example(), "nb")
    cctv = _row(nb.controller, "cctv")
    assert cctv["erasure_time_limits"] == "Slettes 7 dager etter opptak"
    assert cctv["legal_basis"] == "ikke oppgitt"
    assert cctv["dpo"] == "ikke utpekt"
    assert _row(nb.controller, "webshop_orders")["erasure_time_limits"] == (
        "Slettes fem år etter utgangen av regnskapsåret (bokføringsloven § 13)")
