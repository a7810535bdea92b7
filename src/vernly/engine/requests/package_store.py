"""Where access packages live: a store every server and worker reaches, encrypted at rest.

`DirectoryStore` keeps them in one folder (`VERNLY_PACKAGE_DIR`, by default the workspace's
`.vernly/packages`; with several replicas, a shared mount). A store is anything with `put`,
`get`, `delete` and `locate` by name (`PackageStore`), so an object store can be added beside
it. Every package is encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from
`cryptography`) under a key derived (HKDF-SHA256) from `VERNLY_PACKAGE_KEY`, or else from the
secret key, and is decrypted only to be handed to the verified person or an operator.
The processors' staged answers (`answers.py`) are kept the same way, under `answers/` in the
same place (`answer_store`), and so is what each system's collection job found until the
package is assembled from it, under `parts/` (`part_store`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Protocol

from cryptography.fernet import Fernet, InvalidToken

from vernly.errors import ConfigurationError, NotFound
from vernly.ledger.at_rest import PACKAGES, derived_key
from vernly.settings import Settings

SUFFIX = ".zip.enc"
ANSWERS = "answers"
"""The store's part that holds processors' staged answers."""
PARTS = "parts"
"""The store's part that holds what each system's collection job found (`access.py`)."""
_NAME_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class PackageStore(Protocol):
    """Encrypted packages by name; the location `put` returns is what the ledger keeps."""

    def put(self, name: str, data: bytes) -> str: ...

    def get(self, location: str) -> bytes: ...

    def delete(self, location: str) -> None: ...

    def locate(self, name: str) -> str:
        """Where `put(name, ...)` keeps (or would keep) `name`."""
        ...


def package_key(settings: Settings) -> Fernet:
    """The cipher for packages, from `VERNLY_PACKAGE_KEY` or the secret key."""
    secret = settings.env.get("VERNLY_PACKAGE_KEY") or settings.secret_key
    if not secret:
        raise ConfigurationError("VERNLY_PACKAGE_KEY: no key to encrypt access packages with "
                                 "(set it, or VERNLY_SECRET_KEY)")
    return derived_key(secret, PACKAGES)


class DirectoryStore:
    """Packages as encrypted files in one folder (mode 0600, written atomically). A name may
    have parts separated by "/" (sub-folders); no part may climb out of the folder."""

    def __init__(self, root: Path, cipher: Fernet, suffix: str = SUFFIX) -> None:
        self.root, self.cipher, self.suffix = root, cipher, suffix

    def locate(self, name: str) -> str:
        parts = name.split("/")
        if not all(_NAME_PART.match(part) for part in parts):
            raise NotFound(f"nothing is kept under the name {name!r}")
        return str(self.root.joinpath(*parts[:-1], f"{parts[-1]}{self.suffix}"))

    def put(self, name: str, data: bytes) -> str:
        target = Path(self.locate(name))
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = target.with_name(target.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw:
            raw.write(self.cipher.encrypt(data))
        os.replace(partial, target)  # a crash never leaves half a package under its name
        return str(target)

    def get(self, location: str) -> bytes:
        path = Path(location)
        if not path.is_file():
            raise NotFound("the package is no longer kept")
        try:
            return self.cipher.decrypt(path.read_bytes())
        except InvalidToken as exc:
            raise ConfigurationError("the package cannot be decrypted with this key "
                                     "(VERNLY_PACKAGE_KEY or VERNLY_SECRET_KEY changed?)") from exc

    def delete(self, location: str) -> None:
        Path(location).unlink(missing_ok=True)


def package_dir(settings: Settings) -> Path:
    configured = settings.env.get("VERNLY_PACKAGE_DIR")
    return Path(configured) if configured else settings.workspace / ".vernly" / "packages"


def store_for(settings: Settings) -> PackageStore:
    """The configured package store."""
    return DirectoryStore(package_dir(settings), package_key(settings))


def answer_store(settings: Settings) -> PackageStore:
    """The processors' staged answers: beside the packages, under the same key, so every
    replica sees them and nothing a processor sent lies in clear on disk."""
    return DirectoryStore(package_dir(settings) / ANSWERS, package_key(settings), ".enc")


def part_store(settings: Settings) -> PackageStore:
    """What each system's collection job found (`access.py`), between the jobs: beside the
    packages, under the same key, since it is the package's content before assembly."""
    return DirectoryStore(package_dir(settings) / PARTS, package_key(settings), ".enc")
