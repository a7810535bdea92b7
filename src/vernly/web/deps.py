"""Request-scoped access to what `create_app` built: settings, policy, ledger."""

from __future__ import annotations

from fastapi import Request

from vernly.ledger.db import Ledger
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_policy(request: Request) -> LoadedPolicy:
    loaded: LoadedPolicy = request.app.state.policy
    return loaded


def get_ledger(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.ledger
    return ledger
