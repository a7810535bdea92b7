"""Which module under `vernly.cli` registers each top-level command."""

from __future__ import annotations

import importlib

COMMANDS: dict[str, str] = {
    "init": "workspace",
    "policy": "policy",
    "explain": "policy",
    "notice": "notice",
    "ropa": "notice",
    "serve": "serve",
    "worker": "worker",
    "demo": "demo",
    "request": "requests",
    "audit": "audit",
    "sweep": "retention",
    "status": "retention",
    "hold": "retention",
    "retention": "retention",
    "consent": "consent",
    "operator": "operator",
    "user": "user",
    "import": "imports",
    "doctor": "doctor",
}
"""Each top-level command and the module under `vernly.cli` that registers it."""


def load_commands(modules: set[str] | None = None) -> None:
    """Import command modules (all when None); importing one registers its commands."""
    for module in sorted(modules if modules is not None else set(COMMANDS.values())):
        importlib.import_module(f"vernly.cli.{module}")
