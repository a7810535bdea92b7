"""Creating an operator returns its token once; the ledger keeps only an argon2 hash."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from tests.operators.conftest import FAST_HASHER
from vernly.engine.operators import NotAuthenticated, Operators
from vernly.errors import Conflict, InvalidInput
from vernly.ledger.audit import AuditEntry, verify
from vernly.ledger.db import Ledger
from vernly.ledger.operators import Operator

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def service(ledger_url: str) -> Operators:
    return Operators(Ledger(ledger_url), lambda: NOW, FAST_HASHER)


def test_the_token_is_returned_once_and_only_its_hash_is_stored(service: Operators) -> None:
    kari, token = service.create("Kari Nordmann", "dpo", actor="operator:root")
    assert token.startswith("vly_") and len(token) > 40
    with service.ledger.session() as session:
        row = session.scalars(select(Operator)).one()
        stored = " ".join(str(v) for v in session.execute(text("SELECT * FROM operators")).one())
    assert row.token_hash.startswith("$argon2id$")
    secret = token.split("_", 2)[2]  # the secret itself may start with or hold "_"
    assert token not in stored and secret not in stored
    assert service.hasher.verify(row.token_hash, token)
    assert (kari.name, kari.role, kari.created_at) == ("Kari Nordmann", "dpo", NOW)
    assert not hasattr(kari, "token") and not hasattr(kari, "token_hash")


def test_creating_an_operator_is_audited_without_its_name(service: Operators) -> None:
    kari, _ = service.create("Kari Nordmann", "dpo", actor="operator:root")
    with service.ledger.session() as session:
        entry = session.scalars(select(AuditEntry)).one()
        assert (entry.action, entry.actor, entry.target, entry.detail) == (
            "operator.create", "operator:root", f"operator:{kari.id}", {"role": "dpo"})
        assert "Kari" not in str(entry.detail) + str(entry.target)
        assert verify(session).ok


def test_the_token_authenticates_its_operator_and_nothing_else_does(service: Operators) -> None:
    _, kari_token = service.create("kari", "dpo", actor="test")
    ola, ola_token = service.create("ola", "viewer", actor="test")
    assert service.authenticate(ola_token).id == ola.id
    forged = ola_token[:-4] + ("AAAA" if not ola_token.endswith("AAAA") else "BBBB")
    for bad in (forged, "vly_000000000000_" + "x" * 43, "not-a-token", ""):
        with pytest.raises(NotAuthenticated):
            service.authenticate(bad)
    assert service.authenticate(kari_token).name == "kari"


def test_names_are_unique_and_roles_are_checked(service: Operators) -> None:
    service.create("kari", "dpo", actor="test")
    with pytest.raises(Conflict, match="an operator named 'kari' already exists"):
        service.create("kari", "viewer", actor="test")
    with pytest.raises(InvalidInput, match="role 'admin' is not one of dpo, engineer, viewer"):
        service.create("ola", "admin", actor="test")
    assert [o.name for o in service.list_operators()] == ["kari"]


def test_the_production_hash_is_argon2id_at_owasp_minimum_cost(tmp_path: object) -> None:
    from vernly.engine.operators import default_hasher

    digest = default_hasher().hash("vly_0123456789ab_" + "s" * 43)
    assert digest.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
