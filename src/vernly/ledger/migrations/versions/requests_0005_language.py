"""requests: the language the person used, so e-mails to them put it first

Revision ID: requests_0005_language
Revises: requests_0004_step_leases
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "requests_0005_language"
down_revision: str | Sequence[str] | None = "requests_0004_step_leases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: a request made before this revision has no recorded language, and its
    # e-mails fall back to the policy's first language rather than to a guessed one.
    with op.batch_alter_table("dsr_requests") as batch:
        batch.add_column(sa.Column("language", sa.String(2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dsr_requests") as batch:
        batch.drop_column("language")
