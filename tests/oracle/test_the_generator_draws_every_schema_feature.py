"""The random worlds the oracle checks vernly on really have every feature the rule is
about (shared parents, link tables, self and composite and cross-database references,
NULLs, both kinds of person table, each `follow:`, mixed-case e-mails, every phone
format), every world becomes a policy, and the oracle's own erasure never leaves a
reference pointing nowhere. No database: this is the oracle checking itself."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, Phase, given, note, settings

from tests.oracle import reference
from tests.oracle.harness import NOW, policy_for
from tests.oracle.schemas import FEATURES, World, features, worlds


def test_three_hundred_worlds_have_every_feature_and_keep_references_whole() -> None:
    drawn: Counter[str] = Counter()

    @settings(max_examples=300, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
              phases=[Phase.explicit, Phase.generate, Phase.shrink])
    @given(worlds())
    def check(world: World) -> None:
        note(world.describe())
        drawn.update(features(world) | reference.effects(world, NOW.date()))
        policy = policy_for(world)
        assert [s.id for s in policy.systems] == list(world.systems)
        assert not reference.dangling(world, reference.after_erasure(world, NOW.date()))
        own, context = reference.access(world)
        assert not own & context

    check()
    everything = (*FEATURES, *reference.EFFECTS)
    print("\nin 300 worlds: " + ", ".join(f"{f}: {drawn[f]}" for f in everything))
    assert [f for f in everything if not drawn[f]] == []
