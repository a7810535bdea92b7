"""retention: why a legal hold was lifted

Revision ID: retention_0002_lift_reason
Revises: retention_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "retention_0002_lift_reason"
down_revision: str | Sequence[str] | None = "retention_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("retention_holds") as batch:
        batch.add_column(sa.Column("lift_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("retention_holds") as batch:
        batch.drop_column("lift_reason")
