"""requests: failed systems are retried; a step's last error and its time; a run lease

Revision ID: requests_0002
Revises: requests_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from vernly.ledger.base import UtcDateTime

revision: str = "requests_0002"
down_revision: str | Sequence[str] | None = "requests_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dsr_requests") as batch:
        batch.add_column(sa.Column("failed_runs", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("next_attempt_at", UtcDateTime(), nullable=True))
        batch.add_column(sa.Column("run_owner", sa.String(80), nullable=True))
        batch.add_column(sa.Column("run_until", UtcDateTime(), nullable=True))
    op.create_index("ix_dsr_requests_next_attempt_at", "dsr_requests", ["next_attempt_at"])
    with op.batch_alter_table("dsr_steps") as batch:
        batch.add_column(sa.Column("error_at", UtcDateTime(), nullable=True))
    # A step that failed before this revision has its error but not its time: the time it
    # finished (failing) is the best there is.
    op.execute("UPDATE dsr_steps SET error_at = finished_at WHERE status = 'failed'")


def downgrade() -> None:
    with op.batch_alter_table("dsr_steps") as batch:
        batch.drop_column("error_at")
    op.drop_index("ix_dsr_requests_next_attempt_at", table_name="dsr_requests")
    with op.batch_alter_table("dsr_requests") as batch:
        batch.drop_column("run_until")
        batch.drop_column("run_owner")
        batch.drop_column("next_attempt_at")
        batch.drop_column("failed_runs")
