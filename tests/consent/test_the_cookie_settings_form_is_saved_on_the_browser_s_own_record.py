"""The cookie settings page's engine functions: a first choice makes the browser a record,
a later one changes that same record, and reading it back gives what is in force."""

from __future__ import annotations

from tests.consent.centre_desk import CentreDesk
from vernly.engine.consent import centre


def test_a_first_choice_makes_a_record_and_a_second_changes_it(
        centre_desk: CentreDesk) -> None:
    desk = centre_desk
    assert centre.browser_choices(desk.ledger, None).record_id is None

    first = centre.save_choice(desk.ledger, desk.settings, desk.catalogue,
                               desk.form_choice(None, statistics=True, marketing=False))
    assert first.record_id is not None
    assert first.decisions == {"statistics": True, "marketing": False}
    assert first.notice_version == desk.catalogue.notice_version

    second = centre.save_choice(desk.ledger, desk.settings, desk.catalogue,
                                desk.form_choice(first.record_id, statistics=False,
                                                 marketing=True))
    assert second.record_id == first.record_id
    read = centre.browser_choices(desk.ledger, first.record_id)
    assert read.record_id == first.record_id
    assert read.decisions == {"statistics": False, "marketing": True}
