"""The operator and user services are made once per app, on first use, even when several
first requests ask at the same moment: each holds caches and a dummy hash of its own."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from vernly.settings import Settings
from vernly.web.app import create_app
from vernly.web.auth import service_for, users_for


def test_concurrent_first_uses_share_one_service_each(settings: Settings) -> None:
    app = create_app(settings)
    with ThreadPoolExecutor(max_workers=6) as pool:
        users = list(pool.map(lambda _: users_for(app), range(6)))
        operators = list(pool.map(lambda _: service_for(app), range(6)))
    assert len({id(u) for u in users}) == 1 and users[0] is app.state.users
    assert len({id(o) for o in operators}) == 1 and operators[0] is app.state.operators
    app.state.ledger.dispose()
