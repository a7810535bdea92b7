"""Where the oracle puts its worlds, and what it drew, printed at the end of the run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from tests.oracle.harness import SEEN, Backend
from tests.oracle.schemas import CORE, FEATURES, SUPPORT
from tests.support.services import fresh_database

MINIMUM_FOR_COVERAGE = 50
"""A run of a test with at least this many examples must have drawn every feature."""


@pytest.fixture(scope="session", params=[
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    if request.param == "sqlite":
        yield Backend("sqlite")
        return
    with ExitStack() as stack:
        urls = {s: stack.enter_context(fresh_database(request.param)) for s in (CORE, SUPPORT)}
        yield Backend(request.param, urls)


def _missing(counts: dict[str, int]) -> list[str]:
    return [f for f in FEATURES if not counts.get(f)]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not SEEN:
        return
    write = terminalreporter.write_line
    terminalreporter.section("oracle: schema features drawn (examples having each)")
    runs = sorted(SEEN)
    for run in runs:
        counts = SEEN[run]
        write(f"{run}: {counts['(examples)']} examples")
        write("  " + ", ".join(f"{f}: {counts.get(f, 0)}" for f in FEATURES))
        if counts["(examples)"] >= MINIMUM_FOR_COVERAGE and _missing(counts):
            write(f"  NEVER DRAWN: {', '.join(_missing(counts))}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when a long enough oracle run never drew some feature: the generator
    would then be testing less than it claims."""
    for run, counts in SEEN.items():
        if counts["(examples)"] >= MINIMUM_FOR_COVERAGE and _missing(counts):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
            print(f"\noracle: {run} never drew {', '.join(_missing(counts))}")
