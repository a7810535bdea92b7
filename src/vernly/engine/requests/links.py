"""The person's status link, which later e-mails (completion) can give again.

The ledger keeps only a hash of a status token, so a token cannot be read back. A request
made on the privacy centre therefore gets a token derived from the workspace's secret key
and the request id (HMAC-SHA256): the code e-mail and the completion e-mail both carry the
same link, and a leaked ledger still reveals no link. Paths are the privacy centre's
(`web.centre_text.PATHS`, which this layer cannot import)."""

from __future__ import annotations

import base64
import hashlib
import hmac

from vernly.settings import Settings

STATUS_PATHS = {"nb": "/personvern/status", "en": "/en/privacy/status"}


def status_token(settings: Settings, request_id: str) -> str:
    """The request's status token (43 URL-safe characters)."""
    digest = hmac.new(settings.secret_key.encode(), f"status:{request_id}".encode(),
                      hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def status_links(settings: Settings, request_id: str) -> dict[str, str]:
    """The status page in each language, as the person opens it."""
    token = status_token(settings, request_id)
    return {lang: f"{settings.public_url}{path}/{token}" for lang, path in STATUS_PATHS.items()}


def status_link(settings: Settings, request_id: str, lang: str) -> dict[str, str]:
    """The status page in the person's language only: the one link their e-mails give."""
    return {lang: status_links(settings, request_id)[lang]}
