"""`vernly import fides` prints YAML to paste under `systems:` (or writes it with --out)
and lists what needs review on stderr, so the output stays clean to redirect."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.fides.support import SHOP, shop, vernly


def test_stdout_is_the_systems_yaml_and_stderr_the_report() -> None:
    done = vernly("import", "fides", "shop_dataset.yml")
    assert done.returncode == 0
    assert done.stdout == shop().to_yaml()
    systems = yaml.safe_load(done.stdout)
    assert [s["id"] for s in systems] == ["shop_db"]
    assert done.stderr.splitlines() == shop().report()


def test_the_yaml_indents_as_the_systems_list_of_vernly_yaml() -> None:
    text = shop().to_yaml()
    assert "\n  - id: shop_db\n    name: Shop Database\n    kind: sql\n" in text
    assert "    url: ${SHOP_DB_DATABASE_URL}\n" in text
    assert ("          - {field: customer_id, to: customer.id, follow: down}\n") in text
    pasted = "systems:\n" + text
    assert yaml.safe_load(pasted)["systems"] == yaml.safe_load(text)


def test_out_writes_the_file_and_system_sets_the_id(tmp_path: Path) -> None:
    out = tmp_path / "systems.yaml"
    done = vernly("import", "fides", str(SHOP), "--system", "shop", "--out", str(out))
    assert done.returncode == 0
    assert done.stdout == ""
    systems = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert (systems[0]["id"], systems[0]["url"]) == ("shop", "${SHOP_DATABASE_URL}")
    assert done.stderr.splitlines()[-1].endswith("to review")


def test_an_out_file_that_cannot_be_written_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = vernly("import", "fides", str(SHOP), "--out", str(tmp_path / "no" / "such.yaml"))
    assert (done.returncode, done.stdout, len(done.stderr.splitlines())) == (2, "", 1)
    assert done.stderr.splitlines()[0].endswith("cannot write the systems: No such file or "
                                                "directory")
    assert "Traceback" not in done.stderr
