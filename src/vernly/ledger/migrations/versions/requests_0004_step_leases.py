"""requests: a lease per system step, so one system's job runs at a time per request

Revision ID: requests_0004_step_leases
Revises: requests_0003_assignee
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from vernly.ledger.base import UtcDateTime

revision: str = "requests_0004_step_leases"
down_revision: str | Sequence[str] | None = "requests_0003_assignee"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dsr_steps") as batch:
        batch.add_column(sa.Column("run_owner", sa.String(80), nullable=True))
        batch.add_column(sa.Column("run_until", UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dsr_steps") as batch:
        batch.drop_column("run_until")
        batch.drop_column("run_owner")
