"""The data map as a server-rendered SVG: activities → systems → recipients.

Three columns of boxes, each box a link to its details page in the console; an edge from an
activity to every system it uses, from a system to the recipient (processor) it stands for,
and from an activity to each recipient no system of it stands for. A recipient in a third
country (outside the EEA) is drawn with a red border and marked in words; one whose country
is not stated is marked as unknown. No script, no external font: the SVG is plain markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from vernly.notices.i18n import tr
from vernly.policy.lint.transfers import EEA
from vernly.policy.models import Policy, Recipient

WIDTH = 960
BOX_W = 270
BOX_H = 46
GAP = 14
TOP = 44
COLUMNS = (10, 345, 680)
MAX_CHARS = 34


@dataclass(frozen=True)
class Node:
    kind: str
    """activity, system or recipient."""
    id: str
    label: str
    sublabel: str
    href: str
    third_country: bool = False
    country_unknown: bool = False


def transfer_of(recipient: Recipient) -> str:
    """'eea', 'third' or 'unknown': where the recipient processes the data."""
    country = recipient.country
    if not isinstance(country, str) or country == "not_stated":
        return "unknown"
    return "eea" if country.upper() in EEA else "third"


def _short(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS - 1] + "…"


def nodes(policy: Policy, lang: str, base: str) -> dict[str, list[Node]]:
    """The boxes of each column, in policy order."""
    acts = [Node("activity", a.id, a.name.get(lang), f"§ {a.section}",
                 f"{base}/activity/{a.id}") for a in policy.activities]
    systems = [Node("system", s.id, s.name_in(lang), s.kind.value, f"{base}/system/{s.id}")
               for s in policy.systems]
    recipients = []
    for r in policy.recipients:
        where = transfer_of(r)
        country = r.country if isinstance(r.country, str) and r.country != "not_stated" else "?"
        recipients.append(Node("recipient", r.id, r.name_in(lang), f"{r.role.value} · {country}",
                               f"{base}/recipient/{r.id}", third_country=where == "third",
                               country_unknown=where == "unknown"))
    return {"activity": acts, "system": systems, "recipient": recipients}


def edges(policy: Policy) -> list[tuple[str, str, str, str]]:
    """(from kind, from id, to kind, to id) for every line of the map."""
    known_systems = {s.id for s in policy.systems}
    known_recipients = {r.id for r in policy.recipients}
    stands_for = {s.id: s.recipient for s in policy.systems if s.recipient}
    out: list[tuple[str, str, str, str]] = []
    for a in policy.activities:
        for sid in a.systems:
            if sid in known_systems:
                out.append(("activity", a.id, "system", sid))
        via_systems = {stands_for[sid] for sid in a.systems if sid in stands_for}
        for rid in a.recipients:
            if rid in known_recipients and rid not in via_systems:
                out.append(("activity", a.id, "recipient", rid))
    for sid, rid in stands_for.items():
        if rid in known_recipients:
            out.append(("system", sid, "recipient", rid))
    return out


def _box(node: Node, x: int, y: int, lang: str) -> str:
    stroke = "#b00020" if node.third_country else "#8c959f" if node.country_unknown else "#0b5cad"
    width = 3 if node.third_country else 1.5
    mark = ""
    if node.third_country:
        mark = tr(lang, "third country")
    elif node.country_unknown:
        mark = tr(lang, "country not stated")
    sub = node.sublabel + (f" · {mark}" if mark else "")
    fill = "#fdecea" if node.third_country else "#ffffff"
    return (
        f'<a href={quoteattr(node.href)} class="node node-{node.kind}"'
        f' data-id={quoteattr(node.id)}'
        f'{" data-third-country=" + quoteattr("true") if node.third_country else ""}>'
        f"<title>{escape(node.label)}{escape(' — ' + mark) if mark else ''}</title>"
        f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}"'
        f' stroke="{stroke}" stroke-width="{width}"/>'
        f'<text x="{x + 10}" y="{y + 19}" font-size="14" font-weight="600" fill="#1b1f24">'
        f"{escape(_short(node.label))}</text>"
        f'<text x="{x + 10}" y="{y + 37}" font-size="12" fill="{"#b00020" if mark else "#57606a"}">'
        f"{escape(_short(sub))}</text></a>"
    )


def render_svg(policy: Policy, lang: str, base: str = "/console/datamap") -> str:
    """The whole map as one `<svg>` element, sized to its tallest column."""
    columns = nodes(policy, lang, base)
    kinds = ("activity", "system", "recipient")
    places: dict[tuple[str, str], tuple[int, int]] = {}
    for kind, x in zip(kinds, COLUMNS, strict=True):
        for i, node in enumerate(columns[kind]):
            places[(kind, node.id)] = (x, TOP + i * (BOX_H + GAP))
    tallest = max((len(c) for c in columns.values()), default=0)
    height = TOP + tallest * (BOX_H + GAP) + 10
    headings = (tr(lang, "Activities"), tr(lang, "Systems"), tr(lang, "Recipients"))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}"'
             f' width="{WIDTH}" height="{height}" role="group"'
             f' aria-label={quoteattr(tr(lang, "Data map"))} font-family="system-ui, sans-serif">']
    for heading, x in zip(headings, COLUMNS, strict=True):
        parts.append(f'<text x="{x}" y="24" font-size="16" font-weight="700" fill="#1b1f24">'
                     f"{escape(heading)}</text>")
    for from_kind, from_id, to_kind, to_id in edges(policy):
        (x1, y1), (x2, y2) = places[(from_kind, from_id)], places[(to_kind, to_id)]
        sx, sy, ex, ey = x1 + BOX_W, y1 + BOX_H / 2, x2, y2 + BOX_H / 2
        mid = (sx + ex) / 2
        dashed = ' stroke-dasharray="5 4"' if from_kind == "activity" and to_kind == "recipient" \
            else ""
        parts.append(f'<path class="edge" data-from="{escape(from_id)}" data-to="{escape(to_id)}"'
                     f' d="M{sx},{sy} C{mid},{sy} {mid},{ey} {ex},{ey}" fill="none"'
                     f' stroke="#8c959f" stroke-width="1.2"{dashed} aria-hidden="true"/>')
    for kind in kinds:
        for node in columns[kind]:
            x, y = places[(kind, node.id)]
            parts.append(_box(node, x, y, lang))
    parts.append("</svg>")
    return "".join(parts)
