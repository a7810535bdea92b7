"""The example policy, loaded once per test."""

from __future__ import annotations

import pytest

from vernly.policy.loader import LoadedPolicy, load_example


@pytest.fixture
def example() -> LoadedPolicy:
    return load_example()
