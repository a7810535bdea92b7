"""requests: who handles a request in the console

Revision ID: requests_0003_assignee
Revises: requests_0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "requests_0003_assignee"
down_revision: str | Sequence[str] | None = "requests_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dsr_requests") as batch:
        batch.add_column(sa.Column("assignee", sa.String(200), nullable=True))
    op.create_index("ix_dsr_requests_assignee", "dsr_requests", ["assignee"])


def downgrade() -> None:
    op.drop_index("ix_dsr_requests_assignee", table_name="dsr_requests")
    with op.batch_alter_table("dsr_requests") as batch:
        batch.drop_column("assignee")
