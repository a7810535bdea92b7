"""A consent cookie is the browser's to forge: an id that is not a UUID, one the ledger does
not hold, or one of a person's e-mail record reads as no record on the cookie pages, a choice
saved with it makes a new browser record, and withdrawing with it withdraws nothing."""

from __future__ import annotations

import pytest

from tests.consent.centre_desk import CentreDesk
from vernly.engine.consent import centre, service


def _email_record(desk: CentreDesk) -> str:
    with desk.ledger.session() as session:
        result = service.record_choice(session, desk.catalogue, service.Choice(
            decisions={"statistics": True}, method="form", email="kari.nordmann@example.no"),
            now=desk.settings.now(), ua_key=desk.settings.secret_key)
        return result.record.id


@pytest.mark.parametrize("forged", ["not-a-uuid", "2f1c6a0e-8d4b-4c7e-9a51-3b6f0e2d9c47", "email"])
def test_a_forged_record_id_is_no_record(centre_desk: CentreDesk,
                                         forged: str) -> None:
    desk = centre_desk
    email_rid = _email_record(desk)
    rid = email_rid if forged == "email" else forged

    assert centre.browser_choices(desk.ledger, rid) == centre.BrowserChoices(None)
    assert centre.consent_states(desk.ledger, desk.settings, desk.catalogue,
                                 rid).record_id is None
    assert centre.withdraw_all(desk.ledger, desk.settings, desk.catalogue, rid,
                               user_agent=None).record_id is None
    saved = centre.save_choice(desk.ledger, desk.settings, desk.catalogue,
                               desk.form_choice(rid, statistics=False))
    assert saved.record_id not in (None, rid)

    with desk.ledger.session() as session:
        person = service.get_record(session, email_rid)
        assert person.decisions == {"statistics": True}
        assert [e.event for e in service.history(session, email_rid)] == ["given"]
