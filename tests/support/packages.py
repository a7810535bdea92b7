"""Reading an access package as the store keeps it (encrypted), for tests that look inside."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

from vernly.engine.requests.package_store import store_for
from vernly.settings import Settings, load_settings


def open_package(location: str, where: Settings | Path,
                 env: Mapping[str, str] | None = None) -> zipfile.ZipFile:
    """The package zip at `location`, decrypted with the key of the workspace's settings."""
    settings = where if isinstance(where, Settings) else load_settings(where, env or {})
    return zipfile.ZipFile(io.BytesIO(store_for(settings).get(location)))
