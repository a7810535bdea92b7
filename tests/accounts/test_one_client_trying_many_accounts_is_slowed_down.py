"""Per client: one address may try to sign in `CLIENT_TRIES` times per window, whatever the
accounts; then 429 with Retry-After, before any password is checked. Counted in the ledger."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.accounts.conftest import CAST, PASSWORD, sign_in
from vernly.web.app import create_app
from vernly.web.signin_limits import CLIENT_TRIES


def test_the_client_waits_after_too_many_tries(app_client: TestClient,
                                               cast: dict[str, int]) -> None:
    for number in range(CLIENT_TRIES):
        guess = sign_in(app_client, f"guess{number}@example.no", "not the password at all")
        assert guess.status_code == 401
    refused = sign_in(app_client, CAST["dpo"], PASSWORD)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert "Too many sign-in tries from here" in refused.text
    assert app_client.get("/api/v1/operators/me").status_code == 401

    # Another replica (an app of its own on the same ledger) counts the same tries.
    with TestClient(create_app(app_client.app.state.settings)) as replica:  # type: ignore[attr-defined]
        assert sign_in(replica, CAST["dpo"], PASSWORD).status_code == 429
