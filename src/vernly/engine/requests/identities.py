"""The identity a request searches by: the e-mail and phone it was made with, plus the
optional identifiers some systems need (customer number, IP address for web logs, a time
window and cameras for recordings)."""

from __future__ import annotations

import ipaddress
import re
from datetime import UTC, datetime
from typing import Any

from vernly.connectors.identity import Identity
from vernly.errors import InvalidInput
from vernly.ledger.requests import DsrRequest

EXTRA_KEYS = ("customer_number", "ip_address", "window_start", "window_end", "cameras",
              "identifiers")
MAX_IDENTIFIER = 200


_KIND = re.compile(r"^[a-z][a-z0-9_]*$")


def _when(value: Any, key: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"{key}: {value!r} is not an ISO 8601 date-time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _ip_address(value: Any) -> str | None:
    # Checked at submit: an address the log search cannot read would leave a verified
    # request failing on every run.
    if not value:
        return None
    text = str(value).strip()
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise InvalidInput("ip_address: not an IPv4 or IPv6 address") from None


def _customer_number(value: Any) -> str | None:
    if not value:
        return None
    text = str(value).strip()
    if not isinstance(value, str | int) or not 0 < len(text) <= MAX_IDENTIFIER:
        raise InvalidInput(f"customer_number: text of 1 to {MAX_IDENTIFIER} characters")
    return text


def check_extras(details: dict[str, Any]) -> None:
    """Validate the optional identifiers in a request's details (raises InvalidInput)."""
    identity_from(None, None, details)


def identity_from(email: str | None, phone: str | None, details: dict[str, Any]) -> Identity:
    window = None
    start, end = details.get("window_start"), details.get("window_end")
    if start or end:
        if not (start and end):
            raise InvalidInput("window: give both window_start and window_end")
        window = (_when(start, "window_start"), _when(end, "window_end"))
        if window[0] >= window[1]:
            raise InvalidInput("window: window_start must be before window_end")
    cameras = details.get("cameras") or []
    if not isinstance(cameras, list) or not all(
            isinstance(c, str) and len(c) <= MAX_IDENTIFIER for c in cameras):
        raise InvalidInput("cameras: a list of camera names")
    identifiers = details.get("identifiers") or {}
    if not isinstance(identifiers, dict) or not all(
            isinstance(k, str) and _KIND.match(k) and isinstance(v, str | int)
            and 0 < len(str(v).strip()) <= MAX_IDENTIFIER for k, v in identifiers.items()):
        raise InvalidInput("identifiers: an object of identity kind -> value, such as "
                           '{"national_id": "01010012356"}')
    return Identity(email=email, phone=phone,
                    identifiers=tuple(sorted((k, str(v).strip())
                                             for k, v in identifiers.items())),
                    customer_number=_customer_number(details.get("customer_number")),
                    ip_address=_ip_address(details.get("ip_address")),
                    window=window, cameras=tuple(cameras))


def identity_of(request: DsrRequest) -> Identity:
    return identity_from(request.email, request.phone, dict(request.details or {}))
