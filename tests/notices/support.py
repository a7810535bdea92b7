"""Reading rendered notices back as text, headings and table rows."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser


def text_of(markup: str) -> str:
    """The visible text of an HTML document, whitespace collapsed."""
    markup = re.sub(r"<(style|script)\b.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r"<br\s*/?>", " ", markup)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.tables: list[list[list[str]]] = []
        self._heading: str | None = None
        self._text: list[str] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._text = tag, []
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "caption":
            self._in_caption = True

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self.headings.append((tag, re.sub(r"\s+", " ", "".join(self._text)).strip()))
            self._heading = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None
        elif tag == "caption":
            self._in_caption = False

    def handle_data(self, data: str) -> None:
        if self._heading:
            self._text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def headings(markup: str, level: str | None = None) -> list[str]:
    collector = _Collector()
    collector.feed(markup)
    return [text for tag, text in collector.headings if level is None or tag == level]


def tables(markup: str) -> list[list[list[str]]]:
    collector = _Collector()
    collector.feed(markup)
    return collector.tables
