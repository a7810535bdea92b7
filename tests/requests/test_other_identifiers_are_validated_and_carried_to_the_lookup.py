"""A request may carry identifiers of other kinds (`identifiers: {kind: value}`, `vernly
request access --id national_id=...`); they are checked and reach the lookup trimmed."""

from __future__ import annotations

import pytest

from vernly.engine.requests.identities import identity_from
from vernly.errors import InvalidInput


def test_identifiers_reach_the_identity_trimmed_and_in_order() -> None:
    identity = identity_from("kari@example.no", None, {
        "identifiers": {"national_id": " 01010012356 ", "member_number": 42}})
    assert identity.identifiers == (("member_number", "42"), ("national_id", "01010012356"))
    assert identity.values_for("national_id") == ["01010012356"]
    assert identity.values_for("name") == []


@pytest.mark.parametrize("bad", [["national_id"], {"National ID": "1"}, {"national_id": ""},
                                 {"national_id": "x" * 201}, {"national_id": None}])
def test_malformed_identifiers_are_one_clear_error(bad: object) -> None:
    with pytest.raises(InvalidInput, match=r"^identifiers: an object of identity kind"):
        identity_from("kari@example.no", None, {"identifiers": bad})
