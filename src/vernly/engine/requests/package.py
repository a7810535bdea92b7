"""The access (Art. 15) and portability (Art. 20) package: one zip holding `data.json`
(system -> table -> records, each field with its data category), one CSV per table and
the human-readable report in Norwegian and English.

The zip is built in memory and handed to the package store (`package_store`), which
encrypts it and writes it to a temporary name renamed into place, so a crash never leaves
half a package where the person could be given it.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from typing import Any

from vernly.cells import safe_cell, safe_row
from vernly.connectors.records import Record, SystemRecords, json_value
from vernly.engine.requests import answers
from vernly.engine.requests.package_store import store_for
from vernly.engine.requests.ports import AccessReport, ReportRenderer
from vernly.policy.models import NOT_STATED, Activity, Policy
from vernly.settings import Settings

FORMAT = "vernly-access-package/1"
PORTABLE_BASES = ("6(1)(a)", "6(1)(b)")
"""Art. 20(1)(a): consent or contract. A basis the notice does not state is not assumed."""


def portability_reason(activity: Activity | None) -> str | None:
    """None when the activity's data is portable, else a reason code for the report."""
    if activity is None:
        return "no_activity"
    basis = activity.legal_basis
    if basis == NOT_STATED:
        return "legal_basis_not_stated"
    assert not isinstance(basis, str)
    if basis.article not in PORTABLE_BASES:
        return f"legal_basis_{basis.article}"
    return None


def portable_only(policy: Policy, systems: list[SystemRecords]
                  ) -> tuple[list[SystemRecords], dict[str, str]]:
    """Keep the fields the person provided, of activities based on consent or contract."""
    activities = {a.id: a for a in policy.activities}
    excluded: dict[str, str] = {}
    kept: list[SystemRecords] = []
    for found in systems:
        records: list[Record] = []
        for record in found.records:
            activity = activities.get(record.activity or "")
            reason = portability_reason(activity)
            if reason:
                excluded[record.activity or f"{record.system}.{record.table}"] = reason
                continue
            fields = {k: v for k, v in record.fields.items() if k in record.provided}
            if fields:
                records.append(record.only(fields))
        for skipped in (found.files, found.log_lines):
            if skipped:
                excluded.setdefault(_system_activity(policy, found.system), "observed_data")
        kept.append(SystemRecords(system=found.system, kind=found.kind, records=records,
                                  task=found.task, note=found.note))
    return kept, excluded


def _system_activity(policy: Policy, system_id: str) -> str:
    system = next((s for s in policy.systems if s.id == system_id), None)
    return (system.activity if system and system.activity else system_id)


def activities_of(policy: Policy, systems: Iterable[SystemRecords]) -> list[str]:
    """Activities the found data belongs to, in the policy's order."""
    found: set[str] = set()
    for system in systems:
        found.update(r.activity for r in system.records if r.activity)
        if system.files or system.log_lines or system.task:
            declared = next((s for s in policy.systems if s.id == system.system), None)
            if declared and declared.activity:
                found.add(declared.activity)
    return [a.id for a in policy.activities if a.id in found]


def data_document(report: AccessReport) -> dict[str, Any]:
    policy = report.policy
    systems: dict[str, Any] = {}
    for found in report.systems:
        declared = next((s for s in policy.systems if s.id == found.system), None)
        tables: dict[str, Any] = {}
        for table, records in found.by_table().items():
            tables[table] = {
                "activity": records[0].activity if records else None,
                "records": [
                    {"key": json_value(r.key),
                     "fields": {name: {"value": json_value(value),
                                       "category": r.categories.get(name)}
                                for name, value in r.fields.items()}}
                    for r in records
                ],
            }
        entry: dict[str, Any] = {"name": declared.name_in("en") if declared else found.system,
                                 "kind": found.kind, "tables": tables}
        if found.files:
            entry["files"] = [f.to_dict() for f in found.files]
        if found.log_lines:
            entry["log_lines"] = [line.to_dict() for line in found.log_lines]
        if found.task:
            entry["task"] = {"owner": found.task.owner, "kind": found.task.kind,
                             "due": json_value(found.task.due)}
        if found.note:
            entry["note"] = found.note
        answer = report.answers.get(found.system)
        if answer is not None:
            entry["processor_answer"] = {
                "holds_nothing": answer["holds_nothing"], "answered_at": answer["confirmed_at"],
                "files": [f"processor/{found.system}/{f['name']}" for f in answer["files"]]}
        systems[found.system] = entry
    return {
        "format": FORMAT,
        "request": {"id": report.request_id, "kind": report.kind,
                    "generated_at": report.generated_at.isoformat()},
        "controller": {"name": policy.controller.name, "org_number": policy.controller.org_number,
                       "email": policy.controller.email},
        "restricted": report.restricted,
        "activities": report.activities,
        "excluded": report.excluded,
        "systems": systems,
    }


def _csv(rows: list[dict[str, Any]]) -> str:
    header: dict[str, None] = {}
    for row in rows:
        header.update(dict.fromkeys(row))
    out = io.StringIO()
    # Column names come from the customer's schema, so they are cells like any other.
    # RFC 4180 line ends: with "\n" alone, a cell holding a lone "\r" went out unquoted.
    writer = csv.DictWriter(out, fieldnames=list(header), lineterminator="\r\n")
    writer.writerow({name: safe_cell(name) for name in header})
    for row in rows:
        writer.writerow(safe_row({k: "" if v is None else v for k, v in row.items()}))
    return out.getvalue()


def csv_files(systems: list[SystemRecords]) -> dict[str, str]:
    """`csv/<system>.<table>.csv` -> content, one per table (and per file store or log)."""
    files: dict[str, str] = {}
    for found in systems:
        for table, records in found.by_table().items():
            files[f"csv/{found.system}.{table}.csv"] = _csv(
                [{k: json_value(v) for k, v in r.fields.items()} for r in records])
        if found.files:
            files[f"csv/{found.system}.files.csv"] = _csv([f.to_dict() for f in found.files])
        if found.log_lines:
            files[f"csv/{found.system}.log.csv"] = _csv([x.to_dict() for x in found.log_lines])
    return files


def write(report: AccessReport, renderer: ReportRenderer, settings: Settings) -> str:
    """Build the package zip, store it encrypted and return its location in the store."""
    members: dict[str, str] = {
        # Compact: the C encoder (indent falls back to the pure-Python one); the HTML report
        # is the human-readable copy.
        "data.json": json.dumps(data_document(report), ensure_ascii=False,
                                separators=(",", ":")),
        **csv_files(report.systems),
        "report.nb.html": renderer(report, "nb"),
        "report.en.html": renderer(report, "en"),
    }
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        for system_id, answer in report.answers.items():
            # What a processor sent, as it sent it (the operator confirmed it).
            sent = answers.file_contents(settings, answers.Answer(**answer))
            for file_name, data in sent:
                archive.writestr(f"processor/{system_id}/{file_name}", data)
    return store_for(settings).put(report.request_id, raw.getvalue())
