"""An access package holds exactly the rows docs/requests.md says: the person's own rows
(seeds, then references followed down and up as the rule and each `follow:` say) and the
context rows they point at in tables holding no people, nothing more and nothing less."""

from __future__ import annotations

from hypothesis import given, note

from tests.oracle import reference
from tests.oracle.harness import Backend, collected, describe_keys, loaded, run, seen
from tests.oracle.schemas import World, worlds


def test_access_holds_exactly_the_own_and_context_rows(backend: Backend) -> None:
    @backend.settings
    @given(worlds())
    def check(world: World) -> None:
        seen(backend, "access", world)
        note(f"the world:\n{world.describe()}")
        own, context = reference.access(world)
        with loaded(world, backend) as db:
            got = collected(db)
        expected = own | context
        missing, extra = expected - got, got - expected
        note(f"missing from the package:\n{describe_keys(world, missing, own, context)}")
        note(f"in the package but not the person's:\n{describe_keys(world, extra, own, context)}")
        assert not missing and not extra, (
            f"{len(missing)} row(s) missing, {len(extra)} row(s) too many")

    run(backend, "access", check)
