"""`JsonBodyRoute` validates a JSON body itself and calls the endpoint without FastAPI's
dependency solving, so it must never skip one: an endpoint with its own is refused, and
where the router that includes it adds one (an operator check, say), FastAPI solves it."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.testclient import TestClient
from pydantic import BaseModel

from vernly.web.json_body_route import JsonBodyRoute


class Body(BaseModel):
    value: int


def operator() -> str:
    return "operator"


async def plain(body: Body, request: Request) -> Response:
    return Response(str(body.value))


async def guarded(body: Body, request: Request, who: str = Depends(operator)) -> Response:
    return Response(who)


def test_an_endpoint_with_its_own_dependency_is_refused() -> None:
    router = APIRouter()
    with pytest.raises(TypeError, match="body and the request only"):
        router.add_api_route("/x", guarded, methods=["POST"], route_class_override=JsonBodyRoute)


def test_a_dependency_added_by_the_including_router_is_still_solved() -> None:
    calls: list[str] = []

    def operator_check() -> None:
        calls.append("checked")

    router = APIRouter()
    router.add_api_route("/x", plain, methods=["POST"], route_class_override=JsonBodyRoute)
    app = FastAPI()
    app.include_router(router, prefix="/guarded", dependencies=[Depends(operator_check)])
    app.include_router(router, prefix="/open")
    client = TestClient(app)
    assert client.post("/guarded/x", json={"value": 1}).text == "1"
    assert calls == ["checked"]
    assert client.post("/open/x", json={"value": 2}).text == "2"
    assert calls == ["checked"]
