"""Where the oracle puts its worlds, and what it drew, printed at the end of the run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from tests.oracle.harness import SEEN, Backend
from tests.oracle.reference import EFFECTS
from tests.oracle.schemas import CORE, FEATURES, SUPPORT
from tests.support.services import fresh_database

MINIMUM_FOR_COVERAGE = 50
"""A run of a test that got through at least this many examples without a failure must have
drawn every schema feature (a failing run stops generating at the failure and shrinks it).
The rarer effects (an orphan deleted, a row kept by law) are printed here and asserted on
300 worlds by test_the_generator_draws_every_schema_feature.py."""


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


def _short(counts: dict[str, int]) -> bool:
    """A complete, long enough run that never drew some feature."""
    return bool(counts.get("(completed)") and counts["(examples)"] >= MINIMUM_FOR_COVERAGE
                and _missing(counts))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not SEEN:
        return
    write = terminalreporter.write_line
    terminalreporter.section("oracle: schema features drawn (examples having each)")
    runs = sorted(SEEN)
    for run in runs:
        counts = SEEN[run]
        how = ("all passed" if counts["(completed)"]
               else "stopped at a failure; the counts include shrinking")
        write(f"{run}: {counts['(examples)']} examples ({how})")
        write("  " + ", ".join(f"{f}: {counts.get(f, 0)}" for f in FEATURES))
        write("  " + ", ".join(f"{f}: {counts.get(f, 0)}" for f in EFFECTS))
        if _short(counts):
            write(f"  NEVER DRAWN: {', '.join(_missing(counts))}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when a long enough oracle run never drew some feature: the generator
    would then be testing less than it claims."""
    for run, counts in SEEN.items():
        if _short(counts):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
            print(f"\noracle: {run} never drew {', '.join(_missing(counts))}")
