"""users: TOTP secrets encrypted at rest (Fernet under a key derived from the secret key)

Revision ID: users_0003
Revises: users_0002

A Fernet token of a 32-character secret is 140 characters, so the column grows first.
Secrets already stored in clear are encrypted here with the secret key of the process that
opens the ledger (`Ledger(url, secret_key=...)`, which every vernly command passes); a
process without one is refused with one line rather than leaving a secret in clear.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from cryptography.fernet import Fernet

from vernly.ledger.at_rest import totp_key

revision: str = "users_0003"
down_revision: str | Sequence[str] | None = "users_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_users = sa.table("users", sa.column("id", sa.Integer()), sa.column("totp_secret", sa.String()))


def _stored() -> list[tuple[int, str]]:
    rows = op.get_bind().execute(sa.select(_users.c.id, _users.c.totp_secret)
                                 .where(_users.c.totp_secret.is_not(None)))
    return [(int(row.id), str(row.totp_secret)) for row in rows]


def _key() -> Fernet:
    return totp_key(str(context.config.attributes.get("secret_key") or ""))


def _store(user_id: int, value: str) -> None:
    op.get_bind().execute(sa.update(_users).where(_users.c.id == user_id)
                          .values(totp_secret=value))


def upgrade() -> None:
    stored = _stored()
    # Refuse before any change: SQLite does not take back a half-done table rebuild.
    key = _key() if stored else None
    with op.batch_alter_table("users") as batch:
        batch.alter_column("totp_secret", type_=sa.String(255), existing_type=sa.String(64),
                           existing_nullable=True)
    if key is not None:
        for user_id, secret in stored:
            _store(user_id, key.encrypt(secret.encode()).decode())


def downgrade() -> None:
    stored = _stored()
    if stored:
        key = _key()
        for user_id, sealed in stored:
            _store(user_id, key.decrypt(sealed.encode()).decode())
    with op.batch_alter_table("users") as batch:
        batch.alter_column("totp_secret", type_=sa.String(64), existing_type=sa.String(255),
                           existing_nullable=True)
