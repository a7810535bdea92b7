"""`/.well-known/gpc.json` is exactly the resource the GPC specification describes."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_gpc_json_has_the_spec_shape_and_content_type(sqlite_client: TestClient) -> None:
    response = sqlite_client.get("/.well-known/gpc.json")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"gpc", "lastUpdate"}
    assert body["gpc"] is True
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", body["lastUpdate"])
