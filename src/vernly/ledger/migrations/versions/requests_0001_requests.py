"""data subject requests, steps, verification codes, manual tasks, subject flags

Revision ID: requests_0001
Revises: 0001_audit
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from vernly.ledger.base import UtcDateTime

revision: str = "requests_0001"
down_revision: str | Sequence[str] | None = "0001_audit"
branch_labels: str | Sequence[str] | None = ("requests",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dsr_requests",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("phone", sa.String(32), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        sa.Column("deadline_at", UtcDateTime(), nullable=False),
        sa.Column("extended_months", sa.Integer(), nullable=False),
        sa.Column("extension_reason", sa.Text(), nullable=True),
        sa.Column("extended_at", UtcDateTime(), nullable=True),
        sa.Column("extended_by", sa.String(200), nullable=True),
        sa.Column("verified_at", UtcDateTime(), nullable=True),
        sa.Column("verified_by", sa.String(200), nullable=True),
        sa.Column("started_at", UtcDateTime(), nullable=True),
        sa.Column("completed_at", UtcDateTime(), nullable=True),
        sa.Column("rejected_reason", sa.Text(), nullable=True),
        sa.Column("status_token_hash", sa.String(64), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("package_path", sa.String(1000), nullable=True),
        sa.UniqueConstraint("status_token_hash", name="uq_dsr_requests_status_token_hash"),
    )
    op.create_index("ix_dsr_requests_state", "dsr_requests", ["state"])
    op.create_index("ix_dsr_requests_email", "dsr_requests", ["email"])
    op.create_index("ix_dsr_requests_phone", "dsr_requests", ["phone"])
    op.create_index("ix_dsr_requests_deadline_at", "dsr_requests", ["deadline_at"])

    op.create_table(
        "dsr_steps",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("request_id", sa.String(40),
                  sa.ForeignKey("dsr_requests.id", name="fk_dsr_steps_request_id_dsr_requests"),
                  nullable=False),
        sa.Column("phase", sa.String(30), nullable=False),
        sa.Column("system_id", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("started_at", UtcDateTime(), nullable=True),
        sa.Column("finished_at", UtcDateTime(), nullable=True),
        sa.UniqueConstraint("request_id", "phase", "system_id",
                            name="uq_dsr_steps_request_id"),
    )
    op.create_index("ix_dsr_steps_request_id", "dsr_steps", ["request_id"])

    op.create_table(
        "dsr_verification_codes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("request_id", sa.String(40),
                  sa.ForeignKey("dsr_requests.id",
                                name="fk_dsr_verification_codes_request_id_dsr_requests"),
                  nullable=False),
        sa.Column("code_hash", sa.String(200), nullable=False),
        sa.Column("sent_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("used_at", UtcDateTime(), nullable=True),
        sa.Column("superseded", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_dsr_verification_codes_request_id", "dsr_verification_codes",
                    ["request_id"])

    op.create_table(
        "dsr_tasks",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("request_id", sa.String(40),
                  sa.ForeignKey("dsr_requests.id", name="fk_dsr_tasks_request_id_dsr_requests"),
                  nullable=False),
        sa.Column("system_id", sa.String(100), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("owner", sa.String(300), nullable=False),
        sa.Column("instructions", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("due_at", UtcDateTime(), nullable=False),
        sa.Column("done_at", UtcDateTime(), nullable=True),
        sa.Column("done_by", sa.String(200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
    )
    op.create_index("ix_dsr_tasks_request_id", "dsr_tasks", ["request_id"])
    op.create_index("ix_dsr_tasks_due_at", "dsr_tasks", ["due_at"])

    op.create_table(
        "subject_flags",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("phone", sa.String(32), nullable=True),
        sa.Column("scope", sa.JSON(), nullable=False),
        sa.Column("set_at", UtcDateTime(), nullable=False),
        sa.Column("lifted_at", UtcDateTime(), nullable=True),
        sa.Column("request_id", sa.String(40),
                  sa.ForeignKey("dsr_requests.id",
                                name="fk_subject_flags_request_id_dsr_requests"),
                  nullable=True),
        sa.Column("lifted_by_request_id", sa.String(40), nullable=True),
        sa.Column("notified_before_lift_at", UtcDateTime(), nullable=True),
    )
    op.create_index("ix_subject_flags_kind", "subject_flags", ["kind"])
    op.create_index("ix_subject_flags_email", "subject_flags", ["email"])
    op.create_index("ix_subject_flags_phone", "subject_flags", ["phone"])
    op.create_index("ix_subject_flags_lifted_at", "subject_flags", ["lifted_at"])


def downgrade() -> None:
    op.drop_table("subject_flags")
    op.drop_table("dsr_tasks")
    op.drop_table("dsr_verification_codes")
    op.drop_table("dsr_steps")
    op.drop_table("dsr_requests")
