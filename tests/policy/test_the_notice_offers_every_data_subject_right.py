"""VL801: access, rectification, erasure, restriction, objection and portability."""

from __future__ import annotations

import pytest

from tests.policy.support import lint_data, minimal

RIGHTS = ["access", "rectification", "erasure", "restriction", "objection", "portability"]


@pytest.mark.parametrize("right", RIGHTS)
def test_a_missing_right_is_an_error(right: str) -> None:
    data = minimal()
    data["rights"] = [r for r in data["rights"] if r["right"] != right]
    findings = lint_data(data)
    assert [(f.code, f.severity) for f in findings] == [("VL801", "error")]
    assert f"right of {right}" in findings[0].message


def test_no_rights_section_at_all_reports_each_right() -> None:
    data = minimal()
    del data["rights"]
    assert sorted(f.code for f in lint_data(data)) == ["VL801"] * 6 + ["VL802"]
