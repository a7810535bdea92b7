"""`customer.support_rep_id → employee` only names the employee: her access package holds
her own row, not the customers she serves, and `policy check` asks the policy to say so."""

from __future__ import annotations

from pathlib import Path

from tests.samples import music
from tests.samples.harness import keys_found, sample
from vernly.policy.lint import lint
from vernly.policy.loader import load_policy


def test_jane_gets_her_employee_row_and_nothing_of_her_customers(tmp_path: Path) -> None:
    with sample(tmp_path, music.SYSTEMS, music.DDL, music.ROWS) as datamap:
        assert keys_found(datamap, email=music.JANE) == {"shop.employee": {2}}


def test_a_customer_does_not_receive_her_support_rep(tmp_path: Path) -> None:
    with sample(tmp_path, music.SYSTEMS, music.DDL, music.ROWS) as datamap:
        assert "shop.employee" not in keys_found(datamap, email=music.BJORN)


def test_policy_check_names_each_reference_between_people_tables(tmp_path: Path) -> None:
    example = Path(load_policy.__code__.co_filename).parent / "example" / "vernly.yaml"
    text = example.read_text(encoding="utf-8")
    systems = "\n".join("  " + line if line else line for line in music.SYSTEMS.splitlines())
    policy = tmp_path / "vernly.yaml"
    policy.write_text(text.replace("systems:\n", "systems:\n" + systems + "\n", 1),
                      encoding="utf-8")
    findings = [f for f in lint(load_policy(policy)) if f.code == "VL901"]
    lines = policy.read_text(encoding="utf-8").splitlines()
    flagged = sorted(lines[f.line - 1].strip() for f in findings)
    assert flagged == ["- {field: reports_to, to: employee.employee_id}",
                       "- {field: support_rep_id, to: employee.employee_id}"]
    assert all("follow: down" in f.message and "follow: none" in f.message
               for f in findings)
