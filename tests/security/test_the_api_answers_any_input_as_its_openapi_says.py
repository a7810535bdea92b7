"""Schemathesis against the real app (ASGI, in process): every operation of the OpenAPI
document, with generated valid and invalid input, once as Kari the DPO and once without
signing in. No answer is a server error, and every answer (status, body, headers, `Allow`
on 405) is one the document declares.

The one check left out is "a schema-valid request is accepted": the API rightly refuses
input the schema cannot know about (an id that does not exist, a purpose the policy does
not have, a kind of request misspelt) with a documented 404 or 422.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.consent.support import app_for, make_workspace, smtp_server
from tests.security.tally import CALLS
from vernly.web.auth import service_for

EXAMPLES = 6
"""Generated cases per operation and sign-in state: bounded, so the run takes a minute."""


def _app() -> FastAPI:
    # Schemathesis reads the operations when the tests are collected, so the app is built
    # then, on a workspace of its own; the fixtures below give it a mail server and Kari.
    ws = make_workspace(Path(tempfile.mkdtemp(prefix="vernly-schemathesis-")))
    return app_for(ws, f"sqlite:///{ws / 'ledger.sqlite'}")


APP = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module")
def dpo_token() -> Iterator[str]:
    with smtp_server() as mailbox:
        settings = APP.state.settings
        APP.state.settings = dataclasses.replace(settings, smtp_port=mailbox.port)
        _, token = service_for(APP).create("kari", "dpo", actor="test")
        yield token
        APP.state.settings = settings


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case: Any, dpo_token: str) -> None:
    for headers in ({"Authorization": f"Bearer {dpo_token}"}, {}):
        CALLS.append(case.operation.label)
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])


def test_the_run_covered_every_operation() -> None:
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 35
    # Runs after the operations' tests: each of them was called, and the count is printed
    # in pytest's summary (tests/security/conftest.py).
    assert {op.label for op in operations} <= set(CALLS)
