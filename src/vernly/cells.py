"""Cells that a spreadsheet program shows as text, never runs as a formula.

Every CSV and XLSX vernly writes (access packages, records of processing, console exports)
passes its cells through `safe_cell`: customer data and policy text can hold
`=HYPERLINK(...)`, and Excel, LibreOffice and Google Sheets run a cell that starts with
`=`, `+`, `-` or `@` (tab and carriage return start one too). A leading apostrophe is the
neutraliser OWASP recommends: the spreadsheet shows the text and the original stays
readable. Only text is changed; numbers stay numbers.
"""

from __future__ import annotations

from typing import TypeVar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def safe_cell(value: T) -> T | str:
    """`value`, with an apostrophe in front when it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: dict[str, T]) -> dict[str, T | str]:
    """A CSV row (keys are column names) with every cell made safe."""
    return {key: safe_cell(value) for key, value in row.items()}
