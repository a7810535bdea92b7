"""Markdown says what the HTML says; the fragment embeds; policy text is escaped, links linked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.notices.test_norwegian_notice_contains_every_fact_of_the_seed import ISSUE_STRINGS
from vernly.errors import InvalidInput
from vernly.notices.render import cookie_table, render_notice, render_notice_fragment
from vernly.policy.loader import LoadedPolicy, example_policy_path, load_policy


@pytest.mark.parametrize("fact", [*ISSUE_STRINGS, "1.4.6 Brukerundersøkelser",
                                  "Godkjent av", "Andreas Hisdal, 12.09.2019",
                                  "| `_ga` | Forbedre nettstedet |", "| 2 år |",
                                  "| **Intility Webshop** |"])
def test_the_markdown_notice_carries_the_facts(example: LoadedPolicy, fact: str) -> None:
    assert fact in render_notice(example, "nb", "md")


def test_the_markdown_notice_has_no_html(example: LoadedPolicy) -> None:
    md = render_notice(example, "en", "md")
    assert md.startswith("# Privacy notice\n")
    assert "<a " not in md and "<section" not in md and "<table" not in md


def test_the_fragment_is_the_article_without_a_document(example: LoadedPolicy) -> None:
    fragment = render_notice_fragment(example, "nb")
    assert fragment.lstrip().startswith('<article class="vernly-notice" lang="nb">')
    assert "<html" not in fragment and "<style" not in fragment and "<body" not in fragment
    assert "981 967 070" in fragment


def test_the_cookie_table_is_available_as_data(example: LoadedPolicy) -> None:
    groups = cookie_table(example, "en")
    assert [g.site for g in groups] == ["All our websites", "Intility Webshop"]
    assert [(r.name, r.lifetime, r.category) for r in groups[0].rows] == [
        ("_ga", "2 years", "statistics"), ("_gat", "10 min", "statistics"),
        ("_gid", "24 hours", "statistics")]


def test_markup_in_the_policy_is_escaped_and_addresses_become_links(tmp_path: Path) -> None:
    data: dict[str, Any] = yaml.safe_load(example_policy_path().read_text(encoding="utf-8"))
    data["notice"]["updates"] = {"nb": "<script>alert(1)</script> Se https://example.no/x.",
                                 "en": "<b>bold</b> Write to ola@example.no."}
    path = tmp_path / "vernly.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    loaded = load_policy(path)
    nb = render_notice(loaded, "nb", "html")
    assert "<script>alert(1)</script>" not in nb
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in nb
    assert '<a href="https://example.no/x">https://example.no/x</a>.' in nb
    en = render_notice(loaded, "en", "html")
    assert "&lt;b&gt;bold&lt;/b&gt;" in en
    assert '<a href="mailto:ola@example.no">ola@example.no</a>.' in en


def test_an_unknown_language_or_format_is_one_clear_error(example: LoadedPolicy) -> None:
    with pytest.raises(InvalidInput, match="language 'de' is not supported; expected one of nb"):
        render_notice(example, "de", "html")
    with pytest.raises(InvalidInput, match="format 'pdf' is not supported; expected one of"):
        render_notice(example, "nb", "pdf")


def test_web_rendering_links_the_other_language(example: LoadedPolicy) -> None:
    html = render_notice(example, "nb", "html",
                         alternates={"nb": "/personvern", "en": "/en/privacy"})
    assert '<link rel="alternate" hreflang="en" href="/en/privacy">' in html
    assert '<a href="/en/privacy" hreflang="en" lang="en">English</a>' in html
