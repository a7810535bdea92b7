"""The access log never holds a status token.

A request's status link (`/personvern/status/{token}`, the API's `/status/{token}/...`) is
the person's only key to their request and their access package, and uvicorn's access log
writes every path it serves. A filter on the `uvicorn.access` logger replaces the token in
the logged path with `{token}`, for every route whose path has a `{token}` parameter, so a
route added later is covered without a list to keep.
"""

from __future__ import annotations

import logging
import re

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

ACCESS_LOGGER = "uvicorn.access"
SECRET_PARAMETERS = ("token",)
_PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")


def secret_paths(app: FastAPI) -> list[re.Pattern[str]]:
    """A pattern per route with a secret parameter; its groups are the secrets."""
    patterns = []
    for context in iter_route_contexts(app.routes):
        path = context.path or ""
        if not any(name in SECRET_PARAMETERS for name in _PARAMETER.findall(path)):
            continue
        pattern, end = "", 0
        for match in _PARAMETER.finditer(path):
            pattern += re.escape(path[end:match.start()])
            pattern += "([^/?#]+)" if match.group(1) in SECRET_PARAMETERS else "[^/?#]+"
            end = match.end()
        patterns.append(re.compile(pattern + re.escape(path[end:]) + r"(?=$|[?#])"))
    return patterns


class RedactSecrets(logging.Filter):
    """Rewrites the path in uvicorn's access records: (client, method, path, http, status)."""

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        super().__init__()
        self.patterns = patterns

    def redact(self, path: str) -> str:
        for pattern in self.patterns:
            found = pattern.match(path)
            if found:
                for index in range((found.lastindex or 0), 0, -1):
                    path = path[:found.start(index)] + "{token}" + path[found.end(index):]
                return path
        return path

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], self.redact(args[2]), *args[3:])
        return True


def install(app: FastAPI) -> None:
    """Put the filter on the access logger (replacing one an earlier app put there)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    for old in [f for f in logger.filters if isinstance(f, RedactSecrets)]:
        logger.removeFilter(old)
    logger.addFilter(RedactSecrets(secret_paths(app)))
