"""Render the privacy notice from the policy: a standalone HTML page, an embeddable fragment,
or Markdown, in Norwegian (bokmål) or English.

The policy supplies every fact in both languages; the templates supply the seed's structure and
the catalogue supplies vernly's own words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any, Literal

from babel.lists import format_list
from jinja2 import Environment
from markupsafe import Markup, escape

from vernly.errors import InvalidInput
from vernly.notices.i18n import BABEL_LOCALE, check_lang, environment, tr
from vernly.notices.view import CookieGroup, Group, NoticeView, build_view, cookie_groups
from vernly.notices.wording import in_running_text
from vernly.policy.loader import LoadedPolicy

Format = Literal["html", "md"]
FORMATS: tuple[str, ...] = ("html", "md")
LANGUAGE_NAMES = {"nb": "Norsk (bokmål)", "en": "English"}
"""Each language named in itself, as language switchers do."""

_PLACED = tuple(f"1.{i}" for i in range(1, 10))
_BROWSER = {"nettleser", "browser"}
_LINKABLE = re.compile(
    r"(?P<url>https?://[^\s<>\"']+[^\s<>\"'.,;:!?)])|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
)


def linkify(text: str) -> Markup:
    """Escape `text` and turn the web and e-mail addresses in it into links."""
    out: list[str] = []
    pos = 0
    for m in _LINKABLE.finditer(text):
        out.append(str(escape(text[pos:m.start()])))
        if m.group("url"):
            url = escape(m.group("url"))
            out.append(f'<a href="{url}">{url}</a>')
        else:
            mail = escape(m.group("email").rstrip("."))
            out.append(f'<a href="mailto:{mail}">{mail}</a>')
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def md_cell(value: Any) -> str:
    """A value safe inside a Markdown table cell."""
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _join_lines(lines: Iterable[str], lang: str) -> str:
    """Lines that the HTML breaks apart, on one line of a Markdown table cell: joined by
    semicolons, where bokmål goes on in lower case (a full sentence keeps its capital)."""
    out: list[str] = []
    for line in lines:
        fragment = lang != "en" and out and not line.rstrip().endswith(".")
        out.append(in_running_text(line) if fragment else line)
    return "; ".join(out)


def _toc(v: NoticeView, browser: list[Group], others: list[Group]) -> list[tuple[str, str]]:
    lang = v.lang
    entries = [("s-1-1", f"1.1 {tr(lang, 'Introduction')}")]
    if v.goals:
        entries.append(("s-1-2", f"1.2 {tr(lang, 'Goals of our privacy work')}"))
    entries.append(("s-1-3", f"1.3 {tr(lang, 'Use of our websites')}"))
    if v.at("1.4") or v.under("1.4"):
        entries.append(("s-1-4", f"1.4 {tr(lang, 'Processing of other personal data')}"))
    entries.append(("s-1-5", f"1.5 {tr(lang, 'Who we share personal data with')}"))
    entries.append(("s-1-6", f"1.6 {tr(lang, 'Your rights')}"))
    if v.texts["security"]:
        entries.append(("s-1-7", f"1.7 {tr(lang, 'How we protect your personal data')}"))
    entries.append(("s-1-8", f"1.8 {tr(lang, 'Storage of personal data')}"))
    entries.append(("s-1-9", f"1.9 {tr(lang, 'Complaints')}"))
    if v.cookie_groups:
        entries.append(("cookies", tr(lang, "Cookies")))
    if browser or v.texts["browser"]:
        entries.append((browser[0].anchor if browser else "s-browser", tr(lang, "Browser")))
    entries += [(g.anchor, f"{g.number} {g.title}" if g.numbered else g.title) for g in others]
    if v.texts["analytics"] or v.analytics_tools:
        entries.append(("analytics", tr(lang, "Statistics and analysis")))
    if v.texts["sharing"]:
        entries.append(("sharing", tr(lang, "Sharing of your information")))
    if v.texts["deleting_cookies"]:
        entries.append(("deleting-cookies", tr(lang, "Deleting cookies")))
    return entries


def _context(loaded: LoadedPolicy, lang: str, alternates: dict[str, str] | None
             ) -> dict[str, Any]:
    v = build_view(loaded, check_lang(lang), alternates)
    remaining = v.others(_PLACED)
    browser = [g for g in remaining if g.number.lower() in _BROWSER]
    others = [g for g in remaining if g.number.lower() not in _BROWSER]
    return {"v": v, "browser_groups": browser, "other_groups": others,
            "toc": _toc(v, browser, others), "language_names": LANGUAGE_NAMES}


@functools.cache
def _environment(lang: str, markdown: bool) -> Environment:
    env = environment(lang, markdown)
    env.filters["linkify"] = linkify
    env.filters["md_cell"] = md_cell
    env.filters["join_list"] = functools.partial(_join_list, locale=BABEL_LOCALE[lang])
    env.filters["join_lines"] = functools.partial(_join_lines, lang=lang)
    return env


def _join_list(items: Iterable[str], locale: str) -> str:
    return str(format_list(list(items), locale=locale))


def _render(template: str, loaded: LoadedPolicy, lang: str, markdown: bool,
            alternates: dict[str, str] | None, site: dict[str, Any] | None = None) -> str:
    env = _environment(check_lang(lang), markdown)
    return env.get_template(template).render(_context(loaded, lang, alternates), site=site)


def render_notice(loaded: LoadedPolicy, lang: str, fmt: str = "html", *,
                  alternates: dict[str, str] | None = None,
                  site: dict[str, Any] | None = None) -> str:
    """The whole notice: a standalone, styled HTML document or Markdown.

    `alternates` maps languages to the URLs of the same notice, for the language switcher and
    `hreflang` links when the notice is served on the web. `site` (served HTML only) adds
    the links to the privacy centre, the cookie settings and each right's form (`centre`,
    `cookies`, `rights`: (name, url) pairs) and the cookie banner.
    """
    if fmt == "html":
        return _render("notice.html.j2", loaded, lang, False, alternates, site)
    if fmt == "md":
        return _render("notice.md.j2", loaded, lang, True, alternates)
    raise InvalidInput(f"format {fmt!r} is not supported; expected one of html, md")


def render_notice_fragment(loaded: LoadedPolicy, lang: str) -> str:
    """The notice body (an <article>) without <html>, for embedding in another page."""
    return _render("notice_body.html.j2", loaded, lang, False, None)


def cookie_table(loaded: LoadedPolicy, lang: str) -> list[CookieGroup]:
    """The cookie table as data, grouped by site heading, in the policy's order."""
    return cookie_groups(loaded.policy, check_lang(lang))
