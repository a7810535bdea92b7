"""The built-in example policy (Intility AS) loads and holds the seed's activities."""

from __future__ import annotations

from pathlib import Path

from vernly.policy.loader import load_example


def test_the_example_policy_loads() -> None:
    policy = load_example().policy
    assert policy.controller.org_number == "981 967 070"
    assert {a.id for a in policy.activities} == {
        "website_statistics", "webshop_orders", "customer_processing", "sales_marketing",
        "courses_seminars", "visitor_registration", "cctv", "contact", "school_visits",
        "user_surveys", "partner_sharing", "server_logs",
    }
    assert [c.name for c in policy.cookies] == ["_ga", "_gat", "_gid", ".wmx"]


def test_the_example_knows_where_each_part_is_written() -> None:
    loaded = load_example()
    cctv = next(i for i, a in enumerate(loaded.policy.activities) if a.id == "cctv")
    where = loaded.where("activities", cctv, "retention")
    file, line, column = where.rsplit(":", 2)
    assert file.endswith("vernly.yaml")
    source = Path(file).read_text(encoding="utf-8").splitlines()
    assert source[int(line) - 1][int(column) - 1:].startswith("retention:")
