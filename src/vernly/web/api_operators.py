"""The operators API (`/api/v1/operators`): who am I, and (for the DPO) manage operators."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from vernly.engine.operators import OperatorInfo
from vernly.ledger.operators import ROLES
from vernly.web.auth import operators, require_operator
from vernly.web.input_limits import WORD

router = APIRouter(prefix="/api/v1/operators", tags=["operators"])


class OperatorIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    role: str = Field(max_length=WORD, description=f"One of {', '.join(ROLES)}.")


def _out(operator: OperatorInfo) -> dict[str, Any]:
    return {"id": operator.id, "name": operator.name, "role": operator.role,
            "created_at": operator.created_at.isoformat(), "disabled": operator.disabled}


@router.get("/me")
def me(operator: OperatorInfo = Depends(require_operator())) -> dict[str, Any]:
    """The operator the token or session belongs to."""
    return _out(operator)


@router.get("")
def list_operators(request: Request,
                   _: OperatorInfo = Depends(require_operator("dpo"))) -> list[dict[str, Any]]:
    """Every operator, oldest first (never tokens or hashes)."""
    return [_out(o) for o in operators(request).list_operators()]


@router.post("", status_code=201)
def create_operator(body: OperatorIn, request: Request,
                    operator: OperatorInfo = Depends(require_operator("dpo"))) -> dict[str, Any]:
    """Create an operator; the response is the only time its token is shown."""
    created, token = operators(request).create(body.name, body.role, actor=operator.actor)
    return {**_out(created), "token": token}


@router.post("/{name}/disable")
def disable_operator(name: str, request: Request,
                     operator: OperatorInfo = Depends(require_operator("dpo"))
                     ) -> dict[str, Any]:
    """Disable an operator; its token and sessions stop working at once."""
    return _out(operators(request).disable(name, actor=operator.actor))
