"""The rule that keeps the console governable: someone must always be able to manage it.

Nobody disables themselves, and the last active DPO (user or operator) is never disabled:
a DPO is the only role that adds, enables and resets others.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vernly.errors import Conflict
from vernly.ledger.operators import Operator
from vernly.ledger.users import User


def active_dpos(session: Session) -> int:
    """How many users and operators are active DPOs."""
    users = session.scalar(select(func.count()).select_from(User)
                           .where(User.role == "dpo", User.disabled.is_(False))) or 0
    operators = session.scalar(select(func.count()).select_from(Operator)
                               .where(Operator.role == "dpo", Operator.disabled.is_(False))) or 0
    return users + operators


def check_may_disable(session: Session, *, target_actor: str, target_role: str,
                      target_disabled: bool, actor: str) -> None:
    """Raise Conflict when disabling the target would lock the console or its own user out."""
    if target_disabled:
        return
    if actor == target_actor:
        raise Conflict(f"{target_actor} cannot disable itself; ask another DPO")
    if target_role == "dpo" and active_dpos(session) <= 1:
        raise Conflict(f"{target_actor} is the last active DPO; add or enable another DPO "
                       "first")
