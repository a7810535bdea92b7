"""An access package lies encrypted in the package store (`VERNLY_PACKAGE_DIR`), opens only
with the key it was written under, is handed out decrypted to the verified person with an
audit entry per download, stops being handed out once its link has expired (30 days by
default) and is then removed from the store, with an audit entry."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.connectors.cast import KARI_EMAIL, KARI_PHONE
from tests.requests.desk import Desk
from tests.support.mailbox import Mailbox
from vernly.engine.requests import service
from vernly.engine.requests.downloads import download, remove_expired
from vernly.engine.requests.package_store import store_for
from vernly.errors import ConfigurationError, NotFound
from vernly.ledger.audit import AuditEntry
from vernly.notices.local_time import local_day
from vernly.policy.loader import load_example
from vernly.web.app import create_app


def _desk_with_store(desk: Desk, store: Path) -> Desk:
    env = dict(desk.settings.env) | {"VERNLY_PACKAGE_DIR": str(store)}
    return dataclasses.replace(desk, settings=dataclasses.replace(desk.settings, env=env))


def _actions(desk: Desk, request_id: str) -> list[str]:
    with desk.ledger.session() as session:
        return list(session.execute(select(AuditEntry.action).where(
            AuditEntry.target == request_id).order_by(AuditEntry.seq)).scalars())


def test_a_package_is_kept_encrypted_in_the_configured_store(sqlite_cast_desk: Desk,
                                                            tmp_path: Path) -> None:
    desk = _desk_with_store(sqlite_cast_desk, tmp_path / "shared")
    done = desk.operator_run("access", KARI_EMAIL, KARI_PHONE)
    stored = Path(str(done.package_path))
    assert stored.parent == tmp_path / "shared"
    raw = stored.read_bytes()
    assert not zipfile.is_zipfile(stored) and KARI_EMAIL.encode() not in raw
    package = zipfile.ZipFile(io.BytesIO(download(desk.ledger, desk.settings, done, "dpo")))
    assert KARI_EMAIL in package.read("data.json").decode()
    other_key = dataclasses.replace(desk.settings, env=dict(desk.settings.env)
                                    | {"VERNLY_PACKAGE_KEY": "another key"})
    with pytest.raises(ConfigurationError, match="cannot be decrypted with this key"):
        store_for(other_key).get(str(stored))


def test_the_person_downloads_until_the_link_expires_and_then_it_is_removed(
        sqlite_cast_desk: Desk, mailbox: Mailbox) -> None:
    desk = sqlite_cast_desk
    client = TestClient(create_app(desk.settings))
    submitted = client.post("/api/v1/requests", json={"kind": "access", "email": KARI_EMAIL,
                                                      "phone": KARI_PHONE})
    token = submitted.json()["status_token"]
    code = str(mailbox.to(KARI_EMAIL)[-1]["Subject"]).rsplit(" ", 1)[-1]
    assert client.post(f"/api/v1/requests/status/{token}/verify",
                       json={"code": code}).status_code == 200
    got = client.get(f"/api/v1/requests/status/{token}/package")
    assert got.status_code == 200 and got.headers["content-type"] == "application/zip"
    assert KARI_EMAIL in zipfile.ZipFile(io.BytesIO(got.content)).read("data.json").decode()
    view = service.get_by_status_token(*desk.args, token)
    assert _actions(desk, view.id).count("request.package.downloaded") == 1
    until = local_day(desk.now + timedelta(days=30), load_example().policy, "en")
    page = client.get(f"/en/privacy/status/{token}").text
    assert 'id="download"' in page and f"The download link works until {until}." in page

    expired = desk.later(days=30, seconds=1)
    late = TestClient(create_app(expired.settings))
    gone = late.get(f"/api/v1/requests/status/{token}/package")
    assert gone.status_code == 404 and "the package link expired on " in gone.text
    page = late.get(f"/en/privacy/status/{token}").text
    assert 'id="download"' not in page and f"The download link expired on {until}" in page
    assert remove_expired(desk.ledger, desk.later(days=29).settings) == 0
    assert remove_expired(desk.ledger, expired.settings) == 1
    assert not Path(str(view.package_path)).exists()
    with pytest.raises(NotFound):
        download(desk.ledger, desk.settings, service.get(*desk.args, view.id), "dpo")
    assert _actions(desk, view.id)[-1] == "request.package.removed"
    assert remove_expired(desk.ledger, expired.settings) == 0, "idempotent"


def test_the_link_lifetime_is_configurable(sqlite_cast_desk: Desk) -> None:
    desk = sqlite_cast_desk
    short = dataclasses.replace(desk, settings=dataclasses.replace(desk.settings,
                                                                   package_link_days=7))
    done = short.operator_run("access", KARI_EMAIL, KARI_PHONE)
    assert download(desk.ledger, short.later(days=7).settings, done, "dpo")
    with pytest.raises(NotFound, match="expired"):
        download(desk.ledger, short.later(days=7, seconds=1).settings, done, "dpo")
