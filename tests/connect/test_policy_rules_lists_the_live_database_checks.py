"""`vernly policy rules` lists the live checks of `policy check --connect` (VL950-VL959)
in the one catalogue of stable codes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from vernly.cli.main import app


def test_the_live_checks_are_listed_with_severity_and_article() -> None:
    listed = json.loads(CliRunner().invoke(app, ["policy", "rules", "--json"]).stdout)
    live = {r["code"]: r["severity"] for r in listed if r["code"].startswith("VL95")}
    assert live == {"VL950": "error", "VL951": "error", "VL952": "error", "VL953": "error",
                    "VL954": "warning", "VL955": "error", "VL956": "info",
                    "VL957": "warning", "VL958": "warning", "VL959": "info"}
    assert all(r["article"] for r in listed)
