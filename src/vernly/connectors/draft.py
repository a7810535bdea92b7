"""A starting `systems:` entry for vernly.yaml, from a database's own schema.

`vernly policy draft` writes every table of the database with its columns, its primary key
(a list when composite) and its foreign keys as `references` (composite ones as lists).
Columns whose names or sampled values look like personal data (`detect.py`) get a
guessed `category` and `identity`, each marked `# guessed from ...`; a reference between
two tables that both look like they hold people gets `follow: none`, with a comment,
because docs/requests.md makes the policy say which way such a reference goes. The text
loads with the policy loader once pasted under `systems:`; what it guesses is for a person
to confirm.
"""

from __future__ import annotations

import json
import re

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from vernly.connectors.detect import PEOPLE_KINDS, SAMPLE_ROWS, Detection, detect
from vernly.connectors.schema_read import DbTable, ForeignKey, connect, reflect, sample
from vernly.errors import InvalidInput

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
_YAML_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"}
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def scalar(value: str) -> str:
    """A YAML scalar: plain when that reads back as the same string, else double-quoted."""
    if _PLAIN.match(value) and value.lower() not in _YAML_WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)


def system_id_for(url: str, given: str | None) -> str:
    """`--system`, or an id made from the database's name (`webshop.sqlite` -> `webshop`)."""
    if given is not None:
        if not _ID.match(given):
            raise InvalidInput(f"--system: {given!r} is not an id, expected lower-case "
                               "letters, digits and '_', starting with a letter")
        return given
    try:
        database = make_url(url).database or ""
    except ArgumentError:
        database = ""
    stem = re.sub(r"[^a-z0-9_]+", "_", database.rsplit("/", 1)[-1].split(".")[0].lower())
    stem = stem.strip("_")
    return stem if stem and stem[0].isalpha() else f"db_{stem}" if stem else "database"


def _url_line(url: str, system_id: str) -> list[str]:
    variable = f"VERNLY_{system_id.upper()}_URL"
    try:
        secret = make_url(url).password is not None
    except ArgumentError:
        secret = False
    if secret or "}" in url:
        return [f"    # set {variable} to the database URL: a password never goes in the "
                "policy",
                f"    url: {scalar('${' + variable + '}')}"]
    return [f"    url: {scalar('${' + variable + ':-' + url + '}')}"]


def draft_system(url: str, system_id: str | None = None,
                 sample_rows: int = SAMPLE_ROWS) -> str:
    """The `systems:` entry for the database at `url`, in vernly.yaml syntax."""
    sid = system_id_for(url, system_id)
    what = "--url"
    with connect(url, what) as conn:
        tables = reflect(conn, what)
        detections: dict[str, dict[str, Detection]] = {}
        for name, found in tables.items():
            try:
                values = sample(conn, name, list(found.columns), sample_rows)
            except DBAPIError:
                conn.rollback()  # e.g. no SELECT grant: judge the columns by their names
                values = {}
            detections[name] = {c: d for c in found.columns
                                if (d := detect(c, values.get(c, []), name)) is not None}
    people = {name for name, found in detections.items()
              if any(d.kind.key in PEOPLE_KINDS for d in found.values())}
    lines = ["systems:",
             f"  # Drafted by 'vernly policy draft' from the database's own schema: "
             f"{len(tables)} table{'' if len(tables) == 1 else 's'}. Check every guess.",
             f"  - id: {sid}",
             f"    name: {scalar(sid)}",
             "    kind: sql",
             *_url_line(url, sid)]
    if not tables:
        lines.append("    tables: []")
    else:
        lines.append("    tables:")
    for name in sorted(tables):
        lines += _table(tables[name], detections[name], people)
    return "\n".join(lines) + "\n"


def _names(columns: tuple[str, ...]) -> str:
    if len(columns) == 1:
        return scalar(columns[0])
    return "[" + ", ".join(scalar(c) for c in columns) + "]"


def _table(found: DbTable, detections: dict[str, Detection], people: set[str]) -> list[str]:
    lines = [f"      - name: {scalar(found.name)}"]
    if not found.primary_key:
        lines.append("        # no primary key in the database: declare 'primary_key' "
                     "(vernly refuses a table without a key)")
    elif found.primary_key != ("id",):
        lines.append(f"        primary_key: {_names(found.primary_key)}")
    if found.foreign_keys:
        lines.append("        references:")
        for fk in found.foreign_keys:
            lines += _reference(found.name, fk, people)
    if not found.columns:
        lines.append("        columns: []")
        return lines
    lines.append("        columns:")
    for column in found.columns:
        detection = detections.get(column)
        entry = f"name: {scalar(column)}"
        comment = ""
        if detection is not None:
            entry += f", category: {detection.kind.category}"
            if detection.kind.identity:
                entry += f", identity: {detection.kind.identity}"
            comment = f"  # guessed from {detection.source()}"
        lines.append(f"          - {{{entry}}}{comment}")
    return lines


def _reference(table: str, fk: ForeignKey, people: set[str]) -> list[str]:
    if len(fk.columns) == 1:
        entry = f"field: {scalar(fk.columns[0])}, to: {scalar(f'{fk.table}.{fk.targets[0]}')}"
    else:
        targets = ", ".join(scalar(f"{fk.table}.{t}") for t in fk.targets)
        entry = f"field: {_names(fk.columns)}, to: [{targets}]"
    if table in people and fk.table in people:
        return ["          # Both tables look like they hold people: 'none' if this only "
                "names the other person,",
                "          # 'down' if these rows belong to the person pointed at "
                "(docs/requests.md).",
                f"          - {{{entry}, follow: none}}"]
    return [f"          - {{{entry}}}"]
