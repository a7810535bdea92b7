"""Erasing the same person a second time, everywhere, changes no row: what the first
erasure kept (rows kept by law or because others point at them, their erased columns,
context rows) is exactly what the second finds and leaves alone."""

from __future__ import annotations

from functools import partial

from hypothesis import given, note

from tests.oracle.harness import (
    Backend,
    erase_everywhere,
    loaded,
    read_state,
    run,
    seen,
    state_differences,
)
from tests.oracle.schemas import World, worlds


def test_a_second_erasure_leaves_every_row_as_the_first_left_it(backend: Backend) -> None:
    @partial(backend.settings, share=0.5)
    @given(worlds())
    def check(world: World) -> None:
        seen(backend, "second erasure", world)
        note(f"the world:\n{world.describe()}")
        with loaded(world, backend) as db:
            erase_everywhere(db)
            first = read_state(db)
            erase_everywhere(db)
            second = read_state(db)
        differences = state_differences(world, first, second)
        note("changed by the second erasure:\n  " + "\n  ".join(differences))
        assert not differences, f"{len(differences)} row(s) changed by the second erasure"

    run(backend, "second erasure", check)
