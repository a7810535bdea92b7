"""Small server-rendered SVG charts for the console: lines of rates over weeks and stacked
bars of shares. Plain markup, no script and no external file, so the page's CSP holds; each
chart carries a title and a description, and the page shows its numbers as a table too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

PALETTE = ("#0b5cad", "#b35900", "#116329", "#8a3ffc", "#b00020", "#005f73", "#57606a")
"""Colours with at least 4.5:1 contrast on white, so lines and labels read."""
W, H = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 34, 14, 40


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]
    """One value per x label, 0..1; None where there is nothing to show."""


def _y(value: float) -> float:
    return TOP + (1 - value) * (H - TOP - BOTTOM)


def _x(i: int, n: int) -> float:
    span = W - LEFT - RIGHT
    return LEFT + (span * i / (n - 1) if n > 1 else span / 2)


def _frame(title: str, desc: str, chart_id: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}"'
            f' height="{H}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d"'
            f' id={quoteattr(chart_id)} font-family="system-ui, sans-serif">',
            f'<title id="{chart_id}-t">{escape(title)}</title>',
            f'<desc id="{chart_id}-d">{escape(desc)}</desc>']


def _axes(labels: Sequence[str]) -> list[str]:
    parts = []
    for tick in (0, 0.5, 1):
        y = _y(tick)
        parts.append(f'<line x1="{LEFT}" y1="{y}" x2="{W - RIGHT}" y2="{y}" stroke="#d0d7de"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4}" font-size="11" text-anchor="end"'
                     f' fill="#57606a">{int(tick * 100)} %</text>')
    step = max(1, len(labels) // 6)
    for i, label in enumerate(labels):
        if i % step == 0 or i == len(labels) - 1:
            parts.append(f'<text x="{_x(i, len(labels))}" y="{H - BOTTOM + 16}" font-size="11"'
                         f' text-anchor="middle" fill="#57606a">{escape(label)}</text>')
    return parts


def line_chart(chart_id: str, title: str, desc: str, labels: Sequence[str],
               series: Sequence[Series]) -> str:
    """Rates (0..1) per x label, one coloured line per series, legend underneath."""
    parts = _frame(title, desc, chart_id) + _axes(labels)
    for n, s in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        points = [(i, v) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{_x(i, len(labels)):.1f},{_y(v):.1f}" for i, v in points)
            parts.append(f'<polyline class="series" data-series={quoteattr(s.label)}'
                         f' points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        for i, v in points:
            parts.append(f'<circle cx="{_x(i, len(labels)):.1f}" cy="{_y(v):.1f}" r="3.5"'
                         f' fill="{colour}"/>')
        x = LEFT + n * 150
        parts.append(f'<rect x="{x}" y="{H - 17}" width="12" height="4" fill="{colour}"/>'
                     f'<text x="{x + 16}" y="{H - 10}" font-size="11" fill="#1b1f24">'
                     f"{escape(s.label[:22])}</text>")
    parts.append("</svg>")
    return "".join(parts)


def stacked_bars(chart_id: str, title: str, desc: str, labels: Sequence[str],
                 series: Sequence[Series]) -> str:
    """Shares (0..1, adding up to at most 1) per x label, stacked bottom up."""
    parts = _frame(title, desc, chart_id) + _axes(labels)
    n = len(labels)
    bar = max(4.0, (W - LEFT - RIGHT) / max(n, 1) * 0.6)
    for i in range(n):
        below = 0.0
        for k, s in enumerate(series):
            value = s.values[i] or 0.0
            if value <= 0:
                continue
            top, bottom = _y(below + value), _y(below)
            parts.append(f'<rect class="bar" data-series={quoteattr(s.label)}'
                         f' x="{_x(i, n) - bar / 2:.1f}" y="{top:.1f}" width="{bar:.1f}"'
                         f' height="{bottom - top:.1f}" fill="{PALETTE[k % len(PALETTE)]}"/>')
            below += value
    for k, s in enumerate(series):
        x = LEFT + k * 150
        parts.append(f'<rect x="{x}" y="{H - 19}" width="12" height="10"'
                     f' fill="{PALETTE[k % len(PALETTE)]}"/><text x="{x + 16}" y="{H - 10}"'
                     f' font-size="11" fill="#1b1f24">{escape(s.label[:22])}</text>')
    parts.append("</svg>")
    return "".join(parts)
