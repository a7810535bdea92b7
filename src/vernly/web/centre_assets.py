"""The privacy centre's stylesheet, a file of vernly's own: the CSP allows no inline style
the page does not carry a nonce for, and a file needs none."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).parent / "static" / "centre"


@router.get("/personvern/assets/centre.css")
def stylesheet() -> Response:
    return FileResponse(STATIC / "centre.css", media_type="text/css",
                        headers={"Cache-Control": "public, max-age=3600"})
