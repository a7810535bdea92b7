"""Filling the seed's gaps (as Intility's DPO would) makes `vernly policy check` pass."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from tests.policy.support import text
from vernly.cli.main import app
from vernly.policy.loader import example_policy_path

BASES = {
    "website_statistics": {"article": "6(1)(a)"},
    "webshop_orders": {"article": "6(1)(b)"},
    "visitor_registration": {"article": "6(1)(f)", "legitimate_interest": text(
        "Ta imot besøkende og sikre bygget", "Receive visitors and secure the building")},
    "cctv": {"article": "6(1)(f)", "legitimate_interest": text(
        "Sikre bygget", "Secure the building")},
    "contact": {"article": "6(1)(f)", "legitimate_interest": text(
        "Svare på henvendelser", "Answer enquiries")},
    "partner_sharing": {"article": "6(1)(b)"},
    "server_logs": {"article": "6(1)(f)", "legitimate_interest": text(
        "Drive og sikre nettstedet", "Run and secure the website")},
}
WITHDRAW = {"channel": "banner", "address": "https://www.intility.no/cookies"}
RETENTION = {
    "visitor_registration": {"rules": [{"duration": "P30D", "trigger": "recorded",
                                        "datasets": ["visitors.visits"]}]},
    "contact": {"rules": [{"duration": "P12M", "trigger": "collected",
                           "datasets": ["cases.contact_messages"]}]},
    "server_logs": {"rules": [{"duration": "P90D", "trigger": "recorded",
                               "action": "truncate_ip", "datasets": ["weblog"]}]},
}
MARKETING_COOKIE = {
    "name": "_fbp", "site": text("Generelt for våre nettsteder", "All our websites"),
    "purpose": text("Markedsføring", "Marketing"),
    "stores": text("Skiller nettleserne fra hverandre.", "Distinguishes browsers."),
    "controller": "Intility AS", "processor": "facebook", "lifetime": "P90D",
    "lifetime_text": text("3 måneder", "3 months"), "category": "marketing",
}


def _fixed() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(example_policy_path().read_text(encoding="utf-8"))
    for act in data["activities"]:
        if act["id"] in BASES:
            act["legal_basis"] = BASES[act["id"]]
            if act["legal_basis"]["article"] == "6(1)(a)":
                act["consent_withdrawal"] = WITHDRAW
        if act["id"] in RETENTION:
            act["retention"] = RETENTION[act["id"]]
        act.pop("anonymised_claims", None)
    for rec in data["recipients"]:
        if rec["country"] == "US":
            rec["transfer_mechanism"] = "EU-US Data Privacy Framework (adequacy decision, Art. 45)"
        if rec["country"] == "not_stated":
            rec["country"] = "NO"
    data["cookies"].append(MARKETING_COOKIE)
    return data


def _check(data: dict[str, Any], folder: Path) -> tuple[int, list[str]]:
    (folder / "vernly.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                        encoding="utf-8")
    result = CliRunner().invoke(app, ["policy", "check", str(folder)])
    return result.exit_code, result.stdout.splitlines()


def test_the_example_with_every_gap_filled_exits_0(tmp_path: Path) -> None:
    code, lines = _check(_fixed(), tmp_path)
    assert code == 0, lines
    assert lines == [lines[-1]] and lines[-1].endswith("vernly.yaml: no findings"), lines


def test_leaving_one_gap_open_fails_the_check_again(tmp_path: Path) -> None:
    data = _fixed()
    next(a for a in data["activities"] if a["id"] == "cctv")["legal_basis"] = "not_stated"
    code, lines = _check(data, tmp_path)
    assert code == 1
    assert sorted(line.split()[1:3] for line in lines[:-1]) == [["error", "VL101"]]
