"""Helpers for the Fides import tests: the shop dataset, converted, and put into a policy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from vernly.policy.fides_import import FidesImport, import_fides
from vernly.policy.loader import LoadedPolicy, example_policy_path, load_text
from vernly.policy.models import Reference, System

HERE = Path(__file__).parent
SHOP = HERE / "shop_dataset.yml"


def shop(system_id: str | None = None) -> FidesImport:
    return import_fides(SHOP.read_text(encoding="utf-8"), "shop_dataset.yml", system_id)


def into_example_policy(result: FidesImport) -> LoadedPolicy:
    """The example policy with the imported systems added, as `vernly.yaml` text, loaded."""
    data: dict[str, Any] = yaml.safe_load(example_policy_path().read_text(encoding="utf-8"))
    data["systems"] += yaml.safe_load(result.to_yaml())
    custom = data.setdefault("custom_categories", {})
    for key in result.unknown_categories:
        custom[key] = {"nb": key, "en": key}
    return load_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "vernly.yaml")


def references(system: System, table: str) -> dict[tuple[str, ...], Reference]:
    """A table's references by their columns."""
    found = next(t for t in system.tables if t.name == table)
    return {r.fields: r for r in found.references}


def vernly(*args: str, cwd: Path = HERE) -> subprocess.CompletedProcess[str]:
    """The installed `vernly` executable, run as an operator would."""
    exe = shutil.which("vernly", path=str(Path(sys.executable).parent)) or "vernly"
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, timeout=60)


CLUB_WITH_AN_UNKNOWN_CATEGORY = """dataset:
  - fides_key: club
    collections:
      - name: members
        fields:
          - name: id
            fides_meta: {primary_key: true}
          - name: shoe_size
            data_categories: [user.physical.shoe_size]
          - name: glove_size
            data_categories: [user.physical.shoe_size]
"""
"""A dataset with a category outside the taxonomy, on two columns."""
