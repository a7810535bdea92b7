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


def check_not_last_dpo(session: Session, *, target_role: str, target_disabled: bool,
                       shown: str) -> None:
    """Raise Conflict when the target is the last active DPO (so it must stay one)."""
    if target_role == "dpo" and not target_disabled and active_dpos(session) <= 1:
        raise Conflict(f"{shown} is the last active DPO; add or enable another DPO first")


def check_may_disable(session: Session, *, target_actor: str, target_role: str,
                      target_disabled: bool, actor: str, shown: str | None = None) -> None:
    """Raise Conflict when disabling the target would lock the console or its own user out.

    `target_actor` is compared with `actor`; `shown` (else `target_actor`) names the target
    in the message."""
    if target_disabled:
        return
    if actor == target_actor:
        raise Conflict(f"{shown or target_actor} cannot disable itself; ask another DPO")
    check_not_last_dpo(session, target_role=target_role, target_disabled=target_disabled,
                       shown=shown or target_actor)


def check_may_change_role(session: Session, *, target_role: str, target_disabled: bool,
                          new_role: str, shown: str) -> None:
    """Raise Conflict when taking the DPO role from the target would leave no active DPO."""
    if new_role != "dpo":
        check_not_last_dpo(session, target_role=target_role, target_disabled=target_disabled,
                           shown=shown)
