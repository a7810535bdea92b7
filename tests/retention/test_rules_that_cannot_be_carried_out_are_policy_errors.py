"""A retention rule the sweep could not carry out is found by `vernly policy check` (VL215,
at the line to fix) and refused by `vernly sweep` before anything is touched; the example
policy compiles into one rule per dataset with stable ids."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vernly.cli.main import app
from vernly.policy.loader import example_policy_path, load_example
from vernly.policy.retention_rules import RuleMode, compile_retention

runner = CliRunner()
SIGNUP_RULE = ("          action: delete\n"
               "          datasets: [visitors.school_signups, forms.school_visits]\n")
BROKEN = {
    "delete_files on a table": (
        SIGNUP_RULE, SIGNUP_RULE.replace("action: delete", "action: delete_files"),
        "action 'delete_files' cannot be applied to the SQL table 'forms.school_visits'"),
    "no timestamp column": (
        "        activity: school_visits\n        timestamp_field: signed_up_at\n",
        "        activity: school_visits\n",
        "'visitors.school_signups' has no timestamp column for trigger 'collected'"),
    "undatable recordings": (
        'path_pattern: "{camera}/{recorded:%Y%m%dT%H%M%S}.mp4"',
        'path_pattern: "{camera}/{clip}.mp4"', "path_pattern '{camera}/{clip}.mp4' has no time"),
    "consent rule without a withdrawal column": (
        "          timestamp_field: consent_withdrawn_at\n", "",
        None),
}


def test_the_example_compiles_into_stable_rules() -> None:
    compiled = compile_retention(load_example().policy)
    assert not compiled.errors
    modes = {r.id: r.mode for r in compiled.rules}
    assert modes["cctv:0:cctv"] == RuleMode.timestamp
    assert modes["school_visits:0:visitors.school_signups"] == RuleMode.timestamp
    assert modes["webshop_orders:0:webshop.orders"] == RuleMode.fiscal_year
    assert modes["webshop_orders:0:webshop.order_lines"] == RuleMode.with_parent
    assert modes["courses_seminars:0:cases.registrations"] == RuleMode.event_column
    assert modes["user_surveys:0:questback"] == RuleMode.manual
    orders = compiled.rule("webshop_orders:0:webshop.orders")
    assert [c.table for c in orders.cascade] == ["order_lines", "shipments"]


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_an_uncompilable_rule_is_a_policy_error_and_the_sweep_refuses(tmp_path: Path,
                                                                       case: str) -> None:
    old, new, message = BROKEN[case]
    text = example_policy_path().read_text()
    assert old in text
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "vernly.yaml").write_text(text.replace(old, new, 1))
    check = runner.invoke(app, ["policy", "check", str(ws / "vernly.yaml")])
    if message is None:
        # consent_withdrawn_at is the column's conventional name: still compiles.
        assert "VL215" not in check.stdout
        return
    assert check.exit_code == 1
    line = next(x for x in check.stdout.splitlines() if "VL215" in x)
    assert message in line and line.startswith(f"{ws / 'vernly.yaml'}:")
    swept = runner.invoke(app, ["sweep", "--workspace", str(ws)],
                          env={"VERNLY_DATABASE_URL": f"sqlite:///{tmp_path / 'l.sqlite'}"})
    assert swept.exit_code == 2
    assert message in swept.stderr and "vernly.yaml:" in swept.stderr
    assert not (tmp_path / "l.sqlite").exists()
