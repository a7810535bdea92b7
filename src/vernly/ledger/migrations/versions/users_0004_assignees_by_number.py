"""users: requests handled by a console user name them by number (`user:<id>`)

Revision ID: users_0004
Revises: users_0003

Console users are now named `user:<id>` rather than by their e-mail address, so a request
given to `user:<email>` before would no longer be "mine" for that user. The assignee is a
current fact, not history, so it is rewritten; the audit log keeps what it stored (its hash
chain covers it), and pages show both forms by the user's address.

It does not depend on the requests branch (each domain keeps a branch of its own): a ledger
whose requests have no `assignee` column yet has nobody to rename.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "users_0004"
down_revision: str | Sequence[str] | None = "users_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_users = sa.table("users", sa.column("id", sa.Integer()), sa.column("email", sa.String()))
_requests = sa.table("dsr_requests", sa.column("assignee", sa.String()))


def _rename(by_email: bool) -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    if not inspector.has_table("dsr_requests") or "assignee" not in {
            c["name"] for c in inspector.get_columns("dsr_requests")}:
        return
    for user_id, email in bind.execute(sa.select(_users.c.id, _users.c.email)).all():
        old, new = f"user:{email}", f"user:{user_id}"
        if not by_email:
            old, new = new, old
        bind.execute(sa.update(_requests).where(_requests.c.assignee == old)
                     .values(assignee=new))


def upgrade() -> None:
    _rename(by_email=True)


def downgrade() -> None:
    _rename(by_email=False)
