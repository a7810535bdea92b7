"""consent records and events

Revision ID: consent_0001
Revises: 0001_audit
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from vernly.ledger.base import UtcDateTime

revision: str = "consent_0001"
down_revision: str | Sequence[str] | None = "0001_audit"
branch_labels: str | Sequence[str] | None = ("consent",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "consent_records",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("subject_type", sa.String(20), nullable=False),
        sa.Column("subject_id", sa.String(320), nullable=False),
        sa.Column("controller", sa.String(200), nullable=False),
        sa.Column("jurisdiction", sa.String(10), nullable=False),
        sa.Column("notice_version", sa.String(60), nullable=False),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("user_agent_hash", sa.String(64), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("expired_at", UtcDateTime(), nullable=True),
    )
    op.create_index("ix_consent_records_subject", "consent_records",
                    ["subject_type", "subject_id"])
    op.create_index("ix_consent_records_updated_at", "consent_records", ["updated_at"])
    op.create_table(
        "consent_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.String(36),
                  sa.ForeignKey("consent_records.id",
                                name="fk_consent_events_record_id_consent_records"),
                  nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("event", sa.String(20), nullable=False),
        sa.Column("purpose", sa.String(100), nullable=False),
        sa.Column("service", sa.String(100), nullable=True),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("notice_version", sa.String(60), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
    )
    op.create_index("ix_consent_events_record_id", "consent_events", ["record_id"])


def downgrade() -> None:
    op.drop_table("consent_events")
    op.drop_table("consent_records")
