"""`/docs`: the OpenAPI reference in Swagger UI, served by vernly itself.

FastAPI's default page loads Swagger UI from a CDN and starts it with an inline script; a
privacy tool should call no third party and its pages must run under a Content-Security-
Policy without inline scripts. The assets come from the `swagger-ui-py` package (Swagger
UI 5, which reads OpenAPI 3.1; Apache-2.0, its LICENSE beside the files), the start-up
script from vernly's own static files.
"""

from __future__ import annotations

from html import escape
from importlib import resources
from pathlib import Path

import swagger_ui
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

router = APIRouter(include_in_schema=False)
ASSETS = "/docs/assets"
"""Where Swagger UI's own files are served."""


def install(app: FastAPI) -> None:
    """Serve `/docs` and its assets on `app` (created with `docs_url=None`)."""
    assets = Path(swagger_ui.__file__).parent / "static"
    app.mount(ASSETS, StaticFiles(directory=assets), name="swagger-ui")
    app.include_router(router)


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    openapi_url = escape(request.app.openapi_url or "/openapi.json")
    title = escape(f"{request.app.title} API")
    return HTMLResponse(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
</head><body>
<main><h1>{title}</h1>
<div id="swagger-ui" data-openapi-url="{openapi_url}"></div></main>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body></html>""")


@router.get("/docs/init.js")
def init_script() -> Response:
    body = resources.files("vernly.web").joinpath("static", "docs", "init.js").read_bytes()
    return Response(body, media_type="text/javascript",
                    headers={"Cache-Control": "public, max-age=3600"})
