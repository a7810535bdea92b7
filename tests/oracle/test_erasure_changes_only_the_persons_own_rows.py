"""Erasing a person everywhere (each system in `erasure_order()`) leaves every table as
docs/requests.md says: the person's own rows deleted, or kept with their columns erased
where the table says so or a staying row still points at them; every other row, context
rows included, byte for byte as it was; and no reference pointing nowhere."""

from __future__ import annotations

from hypothesis import given, note

from tests.oracle import reference
from tests.oracle.harness import (
    NOW,
    Backend,
    erase_everywhere,
    loaded,
    read_state,
    run,
    seen,
    state_differences,
)
from tests.oracle.schemas import World, worlds


def test_erasure_leaves_every_table_as_the_rule_says(backend: Backend) -> None:
    @backend.settings
    @given(worlds())
    def check(world: World) -> None:
        seen(backend, "erasure", world)
        note(f"the world:\n{world.describe()}")
        expected = reference.after_erasure(world, NOW.date())
        assert not reference.dangling(world, expected), "the oracle itself broke a reference"
        with loaded(world, backend) as db:
            erase_everywhere(db)
            actual = read_state(db)
        differences = state_differences(world, expected, actual)
        broken = reference.dangling(world, actual)
        note("differences:\n  " + "\n  ".join(differences))
        note("references pointing nowhere:\n  " + "\n  ".join(broken))
        assert not differences and not broken, (
            f"{len(differences)} row(s) differ from the rule, {len(broken)} dangling")

    run(backend, "erasure", check)
