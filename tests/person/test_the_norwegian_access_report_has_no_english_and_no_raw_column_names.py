"""The must-show of issue 10: the Norwegian access report of the demo says everything in
Norwegian, heads every column with a label (never the database's column name), shows times
in Oslo time, and says for every system exactly one of found, searched and nothing found,
not searched because ..., or asked the processor with the date the answer is due."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.person.reports import NOW, access_package, own_words, sections
from vernly.connectors.demo.build import DemoSummary, build_demo
from vernly.policy.loader import load_policy

# Words of English prose that no Norwegian sentence uses.
ENGLISH = {"the", "and", "of", "is", "are", "not", "found", "given", "with", "we", "you",
           "your", "this", "that", "which", "was", "were", "has", "have", "been", "they",
           "their", "recordings", "searched", "asked", "person", "run", "connection"}
STATUS = re.compile(r"<p class=\"status\">(.*?)</p>", re.S)
SAYINGS = (r"^Vi fant \d+ oppføringer? om deg\.$",
           r"^Vi søkte i dette systemet og fant ingenting om deg\.$",
           r"^Ikke søkt, fordi .+\.$",
           r"^Vi har bedt .+ om opplysningene de har om deg, og svaret skal komme innen "
           r"\d+\. \w+\.? \d{4}\.$")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    return build_demo(tmp_path_factory.mktemp("demo") / "d", 80, NOW, env={})


def _nb_report(demo: DemoSummary, *extra: str) -> str:
    return access_package(demo, *extra).read("report.nb.html").decode()


def test_no_english_word_and_no_column_name_in_the_norwegian_report(demo: DemoSummary) -> None:
    assert demo.sample_window and demo.sample_ips
    start, end = demo.sample_window
    for extra in ((), ("--from", start.isoformat(), "--to", end.isoformat(),
                       "--ip", demo.sample_ips[0])):
        html = _nb_report(demo, *extra)
        words, headings = own_words(html)
        english = sorted({w for w in re.findall(r"[A-Za-z]+", words) if w.lower() in ENGLISH})
        assert english == [], english
        policy = load_policy(Path(demo.workspace) / "vernly.yaml").policy
        raw = {c.name for s in policy.systems for t in s.tables for c in t.columns}
        assert headings and not raw & set(headings), raw & set(headings)
        assert "+00:00" not in html and "UTC" not in html


def test_every_system_says_exactly_one_of_the_four_things(demo: DemoSummary) -> None:
    html = _nb_report(demo)
    policy = load_policy(Path(demo.workspace) / "vernly.yaml").policy
    found = sections(html)
    assert set(found) == {s.id for s in policy.systems}
    said = {}
    for system_id, section in found.items():
        statuses = STATUS.findall(section)
        assert len(statuses) == 1, (system_id, statuses)
        matching = [p for p in SAYINGS if re.match(p, statuses[0].strip())]
        assert len(matching) == 1, (system_id, statuses[0])
        said[system_id] = SAYINGS.index(matching[0])
    # Without a time window or an IP address, the recordings and the log are not searched,
    # and the systems run by others without a connection are not either.
    assert said["cctv"] == said["weblog"] == said["web_analytics"] == 2
    assert said["questback"] == 3
    assert said["webshop"] == 0


def test_times_are_in_oslo_time_in_norwegian_words(demo: DemoSummary) -> None:
    html = _nb_report(demo)
    # The report was made at 12:00 UTC on 15 June, 14:00 in Oslo (summer time).
    assert "15. juni 2026 14:00" in html
