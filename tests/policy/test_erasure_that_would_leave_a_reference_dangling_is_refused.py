"""VL902: a policy may not tell erasure to rewrite a key, a reference column (except to
NULL) or a column other tables point at; VL901: a reference between two tables of people
must say whether it is followed. Each finding is at the line to change."""

from __future__ import annotations

from pathlib import Path

from vernly.policy.lint import lint
from vernly.policy.loader import load_policy

MINIMAL = Path(__file__).parent / "minimal.yaml"
TABLES = """\
      - name: accounts
        columns:
          - {name: id, erasure: mask}
          - {name: login, category: user.account.username, identity: email, erasure: hash}
      - name: orders
        columns:
          - {name: id}
          - {name: account_login, erasure: mask}
          - {name: account_id, erasure: "null"}
          - {name: buyer_email, category: user.contact.email, identity: email}
        references:
          - {field: account_login, to: accounts.login, follow: down}
          - {field: account_id, to: accounts.id}
"""


def _findings(tmp_path: Path) -> tuple[list[str], dict[str, list[int]]]:
    text = MINIMAL.read_text(encoding="utf-8")
    anchor = "          - {name: subscribed_at}\n"
    policy = tmp_path / "vernly.yaml"
    policy.write_text(text.replace(anchor, anchor + TABLES), encoding="utf-8")
    lines = policy.read_text(encoding="utf-8").splitlines()
    by_code: dict[str, list[int]] = {}
    for finding in lint(load_policy(policy)):
        by_code.setdefault(finding.code, []).append(finding.line)
    return lines, by_code


def test_a_masked_key_hashed_target_or_masked_reference_is_an_error(tmp_path: Path) -> None:
    lines, by_code = _findings(tmp_path)
    flagged = sorted(lines[n - 1].strip() for n in by_code["VL902"])
    assert flagged == [
        "- {name: account_login, erasure: mask}",
        "- {name: id, erasure: mask}",
        "- {name: login, category: user.account.username, identity: email, erasure: hash}",
    ]


def test_nulling_a_reference_column_is_allowed(tmp_path: Path) -> None:
    lines, by_code = _findings(tmp_path)
    assert not any("account_id, erasure" in lines[n - 1] for n in by_code["VL902"])


def test_only_the_undeclared_reference_between_people_tables_asks_for_follow(
        tmp_path: Path) -> None:
    lines, by_code = _findings(tmp_path)
    assert [lines[n - 1].strip() for n in by_code["VL901"]] == [
        "- {field: account_id, to: accounts.id}"]
