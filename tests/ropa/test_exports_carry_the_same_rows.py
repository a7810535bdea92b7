"""`vernly ropa` writes XLSX (a sheet per record), CSV and JSON carrying the same rows."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from vernly.cli.main import app as cli
from vernly.notices.ropa import CONTROLLER_COLUMNS, PROCESSOR_COLUMNS
from vernly.policy.loader import load_example


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    assert CliRunner().invoke(cli, ["init", str(ws)]).exit_code == 0
    return ws


def _ropa(workspace: Path, *args: str) -> None:
    result = CliRunner().invoke(cli, ["ropa", "-w", str(workspace), *args])
    assert result.exit_code == 0, result.output


def test_the_workbook_has_a_sheet_per_record_with_a_row_per_activity(workspace: Path) -> None:
    out = workspace / "r.xlsx"
    _ropa(workspace, "--format", "xlsx", "--out", str(out))
    wb = load_workbook(out)
    assert wb.sheetnames == ["Controller record Art. 30(1)", "Processor record Art. 30(2)"]
    controller, processor = wb.worksheets
    activities = load_example().policy.activities
    assert controller.max_row - 1 == sum(a.role == "controller" for a in activities) == 11
    assert processor.max_row - 1 == sum(a.role == "processor" for a in activities) == 1
    assert [c.value for c in controller[1]][3] == "Art. 30(1)(a) Controller and contact details"
    assert [c.value for c in processor[1]][4] == "Art. 30(2)(a) Controllers on whose behalf we act"
    assert [row[0].value for row in controller.iter_rows(min_row=2)][:2] == [
        "website_statistics", "webshop_orders"]


def test_the_workbook_header_is_frozen_bold_and_columns_fit_their_content(
        workspace: Path) -> None:
    out = workspace / "r.xlsx"
    _ropa(workspace, "--format", "xlsx", "--out", str(out))
    for ws in load_workbook(out).worksheets:
        assert ws.freeze_panes == "A2"
        assert all(cell.font.bold for cell in ws[1])
        assert ws.auto_filter.ref.startswith("A1:")
        widths = [ws.column_dimensions[chr(ord("A") + i)].width for i in range(ws.max_column)]
        assert all(10 <= w <= 60 for w in widths)
        assert ws.cell(row=2, column=ws.max_column).alignment.wrap_text
    controller = load_workbook(out).worksheets[0]
    # the section column is as wide as its header, the security text is capped at the maximum
    assert controller.column_dimensions["B"].width == len("Notice section") + 2
    assert controller.column_dimensions["O"].width == 60


def test_csv_and_json_carry_the_same_rows(workspace: Path) -> None:
    _ropa(workspace, "--format", "csv", "--out", str(workspace / "r.csv"))
    _ropa(workspace, "--format", "json", "--out", str(workspace / "r.json"))
    data = json.loads((workspace / "r.json").read_text(encoding="utf-8"))
    text = (workspace / "r.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    for record_type, columns in (("controller", CONTROLLER_COLUMNS),
                                 ("processor", PROCESSOR_COLUMNS)):
        from_csv = [{c.key: r[c.key] for c in columns} for r in rows
                    if r["record_type"] == record_type]
        assert from_csv == data[f"{record_type}_record"]
    assert len(rows) == 12


def test_norwegian_headers_and_values_on_request(workspace: Path) -> None:
    out = workspace / "r.xlsx"
    _ropa(workspace, "--format", "xlsx", "--out", str(out), "--lang", "nb")
    controller = load_workbook(out).worksheets[0]
    assert controller.title == "Behandlingsansvarlig art. 30(1)"
    assert controller["F1"].value == "Art. 30 nr. 1 a) Personvernombud"
    assert controller["F2"].value == "ikke utpekt"


def test_an_xlsx_without_a_file_or_an_unknown_format_is_one_line_and_exit_2(
        workspace: Path) -> None:
    result = CliRunner().invoke(cli, ["ropa", "-w", str(workspace), "--format", "xlsx"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: --format xlsx needs --out FILE (a workbook is not written to a terminal)")
    result = CliRunner().invoke(cli, ["ropa", "-w", str(workspace), "--format", "pdf"])
    assert (result.exit_code, result.output.strip()) == (
        2, "error: --format 'pdf': expected one of csv, xlsx, json")
