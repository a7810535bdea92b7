"""The consent page's engine functions: it shows per purpose where the browser's consent
stands, and one call withdraws every consent given (Art. 7(3)), by the form method."""

from __future__ import annotations

from tests.consent.centre_desk import CentreDesk
from vernly.engine.consent import centre


def test_one_call_withdraws_everything_given(centre_desk: CentreDesk) -> None:
    desk = centre_desk
    saved = centre.save_choice(desk.ledger, desk.settings, desk.catalogue,
                               desk.form_choice(None, statistics=True, marketing=True))
    before = centre.consent_states(desk.ledger, desk.settings, desk.catalogue, saved.record_id)
    assert before.record_id == saved.record_id and before.any_given
    assert {p: s["status"] for p, s in before.states.items()} == {
        "marketing": "given", "statistics": "given"}

    done = centre.withdraw_all(desk.ledger, desk.settings, desk.catalogue, saved.record_id,
                               user_agent="Firefox")
    assert done.record_id == saved.record_id
    assert done.decisions == {"statistics": False, "marketing": False}

    after = centre.consent_states(desk.ledger, desk.settings, desk.catalogue, saved.record_id)
    assert not after.any_given
    assert {p: (s["status"], s["method"]) for p, s in after.states.items()} == {
        "marketing": ("withdrawn", "form"), "statistics": ("withdrawn", "form")}


def test_without_a_record_there_is_nothing_to_withdraw(
        centre_desk: CentreDesk) -> None:
    desk = centre_desk
    assert centre.withdraw_all(desk.ledger, desk.settings, desk.catalogue, None,
                               user_agent=None) == centre.BrowserChoices(None)
    assert centre.consent_states(desk.ledger, desk.settings, desk.catalogue,
                                 None) == centre.ConsentStates(None)
