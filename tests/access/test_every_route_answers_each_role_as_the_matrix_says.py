"""The route × role matrix: every route of the app, walked from the app itself, answers each
role (dpo, engineer, viewer, auditor) and anonymous as `matrix.MATRIX` says: 401 for anonymous
and 403 for a role where it is not allowed, anything else where it is. A route missing from
the matrix, or a matrix line without a route, fails."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from tests.access.matrix import (
    CREDENTIAL_CHECKS,
    MATRIX,
    OWN_ACCOUNT,
    READ_ONLY_POSTS,
    ROLES,
    SAMPLE_PARAMS,
)
from tests.operators.conftest import FAST_HASHER
from vernly.engine.accounts.users import Users
from vernly.engine.operators import Operators
from vernly.settings import Settings
from vernly.web.app import create_app
from vernly.web.csrf import COOKIE as CSRF_COOKIE

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def registered_routes(app: FastAPI) -> set[str]:
    """`METHOD path` of every route the app serves (`MOUNT path` for mounted apps)."""
    found = set()
    for context in iter_route_contexts(app.routes):
        methods = context.methods or set()
        if not methods:
            found.add(f"MOUNT {context.path}")
        found.update(f"{method} {context.path}" for method in methods if method != "HEAD")
    return found


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: SAMPLE_PARAMS[m.group(1)], path)


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    built = create_app(settings)
    built.state.operators = Operators(built.state.ledger, settings.now, FAST_HASHER)
    built.state.users = Users(built.state.ledger, settings.now, FAST_HASHER)
    yield built
    built.state.ledger.dispose()


def _csrf_pair(client: TestClient) -> str:
    page = client.get("/console/login")
    client.cookies.set(CSRF_COOKIE, page.cookies.get(CSRF_COOKIE) or "")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match
    return match.group(1)


def _ask(client: TestClient, key: str, token: str | None, csrf_token: str) -> int:
    method, path = key.split(" ", 1)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if method in UNSAFE:
        headers["X-CSRF-Token"] = csrf_token
        return client.request(method, concrete(path), headers=headers,
                              data={"csrf_token": csrf_token}, follow_redirects=False
                              ).status_code
    return client.request(method, concrete(path), headers=headers,
                          follow_redirects=False).status_code


def test_the_matrix_names_exactly_the_routes_the_app_has(app: FastAPI) -> None:
    routes = registered_routes(app)
    assert sorted(routes - MATRIX.keys()) == [], "routes without a line in tests/access/matrix.py"
    assert sorted(MATRIX.keys() - routes) == [], "matrix lines for routes the app lacks"


def test_every_route_answers_each_role_as_the_matrix_says(app: FastAPI) -> None:
    tokens = {role: app.state.operators.create(f"{role}-bot", role, actor="system")[1]
              for role in ROLES}
    wrong: list[str] = []
    with TestClient(app, raise_server_exceptions=False) as client:
        csrf_token = _csrf_pair(client)
        # Denials first: an allowed call (a sweep, a disable) must not change what follows.
        for allowed_first in (False, True):
            for key, allowed in sorted(MATRIX.items()):
                if key.startswith("MOUNT "):
                    continue
                for who in ("anonymous", *ROLES):
                    if (who in allowed) != allowed_first:
                        continue
                    status = _ask(client, key, tokens.get(who), csrf_token)
                    if key in CREDENTIAL_CHECKS:
                        ok = status == 401
                    elif who in allowed:
                        ok = status not in (401, 403)
                    else:
                        ok = status == (401 if who == "anonymous" else 403)
                    if not ok:
                        wrong.append(f"{key} as {who}: {status}")
    assert wrong == [], "\n".join(wrong)


def test_an_auditor_s_state_changing_calls_all_answer_403(app: FastAPI) -> None:
    """Every unsafe route that needs a role refuses the auditor, except the auditor's own
    sign-in settings and forms that only check something; the routes open to anyone are not
    the auditor's to be refused."""
    unsafe = [key for key, allowed in MATRIX.items()
              if key.split(" ", 1)[0] in UNSAFE and "anonymous" not in allowed
              and key not in OWN_ACCOUNT and key not in READ_ONLY_POSTS]
    assert unsafe, "the matrix has state-changing routes"
    assert all("auditor" not in MATRIX[key] for key in unsafe)
    _, token = app.state.operators.create("per-auditor", "auditor", actor="system")
    with TestClient(app, raise_server_exceptions=False) as client:
        csrf_token = _csrf_pair(client)
        answers = {key: _ask(client, key, token, csrf_token) for key in unsafe}
    assert {key: status for key, status in answers.items() if status != 403} == {}
