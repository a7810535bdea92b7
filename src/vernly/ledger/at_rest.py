"""Keys for what vernly keeps encrypted at rest: access packages, TOTP secrets.

Each use gets its own Fernet key (AES-128-CBC with HMAC-SHA256, from `cryptography`),
derived with HKDF-SHA256 from one configured secret and a label naming the use, so a key
for one kind of data never opens another and no second key has to be kept.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from vernly.errors import ConfigurationError

PACKAGES = b"vernly access packages"
TOTP_SECRETS = b"vernly totp secrets"


def derived_key(secret: str, purpose: bytes) -> Fernet:
    """The Fernet cipher for `purpose` under `secret` (always the same for the same two)."""
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                   info=purpose).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def totp_key(secret_key: str) -> Fernet:
    """The cipher for console users' TOTP secrets, from the secret key (`VERNLY_SECRET_KEY`
    or the workspace's own)."""
    if not secret_key:
        raise ConfigurationError("VERNLY_SECRET_KEY: no key to encrypt second-factor secrets "
                                 "with (run in a workspace, or set it)")
    return derived_key(secret_key, TOTP_SECRETS)
