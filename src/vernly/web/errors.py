"""The only place where vernly's errors become HTTP responses."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from vernly.errors import VernlyError


async def _vernly_error(_request: Request, exc: Exception) -> JSONResponse:
    status = exc.http_status if isinstance(exc, VernlyError) else 500
    return JSONResponse({"error": type(exc).__name__, "detail": str(exc)}, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(VernlyError, _vernly_error)
