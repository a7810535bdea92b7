"""Writing the Art. 30 records as JSON, CSV or an XLSX workbook.

JSON and CSV carry the same rows under the same keys (CSV adds `record_type`); the workbook
has one sheet per record with human headers, a frozen bold header row, filters, wrapped text
and column widths fitted to their content.
"""

from __future__ import annotations

import csv
import io
import json

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from vernly.cells import safe_cell, safe_row
from vernly.errors import InvalidInput
from vernly.notices.i18n import tr
from vernly.notices.ropa import CONTROLLER_COLUMNS, PROCESSOR_COLUMNS, Column, Records, Row

FORMATS = ("csv", "xlsx", "json")
MAX_WIDTH = 60
MIN_WIDTH = 10
RECORD_TYPES = {"controller": CONTROLLER_COLUMNS, "processor": PROCESSOR_COLUMNS}


def to_json(recs: Records) -> str:
    return json.dumps({"controller_record": recs.controller, "processor_record": recs.processor},
                      ensure_ascii=False, indent=2) + "\n"


def csv_columns() -> list[str]:
    """`record_type`, then every key of either record, controller columns first."""
    keys = ["record_type"]
    for column in (*CONTROLLER_COLUMNS, *PROCESSOR_COLUMNS):
        if column.key not in keys:
            keys.append(column.key)
    return keys


def to_csv(recs: Records) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csv_columns(), lineterminator="\r\n")
    writer.writeheader()
    for record_type, rows in (("controller", recs.controller), ("processor", recs.processor)):
        for row in rows:
            writer.writerow(safe_row({"record_type": record_type, **row}))
    return out.getvalue()


def _width(values: list[str]) -> float:
    longest = max((len(line) for v in values for line in v.splitlines() or [""]), default=0)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def _sheet(wb: Workbook, title: str, columns: tuple[Column, ...], rows: list[Row],
           lang: str) -> None:
    ws = wb.create_sheet(title=title[:31])
    headers = [tr(lang, c.label) for c in columns]
    ws.append(headers)
    for row in rows:
        ws.append([safe_cell(row[c.key]) for c in columns])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE4EE")
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = wrap
    for index, column in enumerate(columns, start=1):
        # Headers wrap, so they count for less than the content they head.
        values = [row[column.key] for row in rows] + [headers[index - 1][:24]]
        ws.column_dimensions[get_column_letter(index)].width = _width(values)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(rows) + 1)}"
    ws.print_title_rows = "1:1"


def to_xlsx(recs: Records) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, tr(recs.lang, "Controller record Art. 30(1)"), CONTROLLER_COLUMNS,
           recs.controller, recs.lang)
    _sheet(wb, tr(recs.lang, "Processor record Art. 30(2)"), PROCESSOR_COLUMNS,
           recs.processor, recs.lang)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export(recs: Records, fmt: str) -> bytes:
    """The records in `fmt` (csv, xlsx or json) as bytes ready to write."""
    if fmt == "json":
        return to_json(recs).encode("utf-8")
    if fmt == "csv":
        # A byte-order mark lets spreadsheet programs read the Norwegian letters right.
        return ("\ufeff" + to_csv(recs)).encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx(recs)
    raise InvalidInput(f"format {fmt!r} is not supported; expected one of {', '.join(FORMATS)}")
