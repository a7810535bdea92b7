"""A processor without a connection (Questback) gets a task: owner, due date, and what to
do in Norwegian and English."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from vernly.connectors.identity import Identity
from vernly.connectors.manual import ManualSystem
from vernly.policy.loader import load_example

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def test_an_erasure_task_is_due_after_the_systems_due_days() -> None:
    system = load_example().policy.system("questback")
    task = ManualSystem(system).erase(Identity.of(email="kari.nordmann@example.no"), NOW)
    assert task.owner == system.owner and task.recipient == "questback"
    assert task.due == NOW + timedelta(days=system.due_days) and task.due_days == 14
    assert "slett" in task.instructions["nb"] and "erase" in task.instructions["en"]
    assert "kari.nordmann@example.no" in task.instructions["en"]
    assert "2026-06-29" in task.instructions["nb"]


def test_the_task_can_be_stored_without_the_personal_data() -> None:
    system = load_example().policy.system("questback")
    task = ManualSystem(system).access(Identity.of(email="kari.nordmann@example.no"), NOW)
    assert "kari" not in str(task.to_dict(personal=False))
    assert task.to_dict()["due"] == "2026-06-29T12:00:00+00:00"


def test_a_rectification_task_lists_the_new_values() -> None:
    system = load_example().policy.system("questback")
    task = ManualSystem(system).rectify(Identity.of(email="kari.nordmann@example.no"), NOW,
                                        {"user.name": "Kari Nordmann-Berg"})
    assert task.kind == "rectification"
    assert "user.name = Kari Nordmann-Berg" in task.instructions["nb"]
