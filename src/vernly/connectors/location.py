"""Where a system lives: its policy `url` with ${ENV} expanded and relative paths
resolved against the workspace (so the demo's `sqlite:///data/webshop.sqlite` works)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from vernly.errors import ConfigurationError
from vernly.policy.env import expand
from vernly.policy.models import System


def system_url(system: System, workspace: Path, env: Mapping[str, str]) -> str:
    """The SQLAlchemy URL (sql systems) or absolute path (files, log) of a system."""
    if not system.url:
        raise ConfigurationError(f"system '{system.id}': no url declared")
    raw = expand(system.url, env, where=f"system '{system.id}' url")
    if raw.startswith("sqlite:///") and not raw.startswith("sqlite:////"):
        relative = raw[len("sqlite:///"):]
        if relative and relative != ":memory:":
            return f"sqlite:///{(workspace / relative).resolve()}"
        return raw
    if "://" in raw:
        return raw
    path = Path(raw)
    return str(path if path.is_absolute() else (workspace / path).resolve())
