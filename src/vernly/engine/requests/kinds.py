"""What a request asks for and where it is in its life."""

from __future__ import annotations

from enum import StrEnum


class RequestKind(StrEnum):
    access = "access"
    """Art. 15: a copy of the data and the information about its processing."""
    portability = "portability"
    """Art. 20: data the person provided, under consent or contract, machine-readable."""
    erasure = "erasure"
    """Art. 17: delete or anonymise, except where a legal obligation keeps it."""
    rectification = "rectification"
    """Art. 16: new values written wherever the field lives."""
    restriction = "restriction"
    """Art. 18: keep, but do nothing else with the data until lifted."""
    lift_restriction = "lift_restriction"
    """Art. 18(3): lift a restriction, telling the person first."""
    objection = "objection"
    """Art. 21: stop processing based on legitimate interest; absolute for direct marketing."""
    withdraw_consent = "withdraw_consent"
    """Art. 7(3): withdraw consent for consent-based activities."""


class RequestState(StrEnum):
    received = "received"
    verified = "verified"
    in_progress = "in_progress"
    completed = "completed"
    rejected = "rejected"


OPEN_STATES = (RequestState.received, RequestState.verified, RequestState.in_progress)

ARTICLES: dict[RequestKind, str] = {
    RequestKind.access: "15",
    RequestKind.portability: "20",
    RequestKind.erasure: "17",
    RequestKind.rectification: "16",
    RequestKind.restriction: "18",
    RequestKind.lift_restriction: "18(3)",
    RequestKind.objection: "21",
    RequestKind.withdraw_consent: "7(3)",
}

CHANNELS = ("web", "cli", "api", "email")


def parse_kind(raw: str) -> RequestKind:
    from vernly.errors import InvalidInput

    try:
        return RequestKind(raw)
    except ValueError:
        known = ", ".join(k.value for k in RequestKind)
        raise InvalidInput(f"kind: unknown request kind '{raw}', expected one of: {known}"
                           ) from None
