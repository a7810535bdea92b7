"""`vernly notice` renders the privacy notice; `vernly ropa` exports the Art. 30 records."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from vernly.cli.app import app
from vernly.cli.common import WorkspaceOption, handle_errors, policy_for, settings_for
from vernly.errors import InvalidInput
from vernly.notices.render import render_notice
from vernly.notices.ropa import records
from vernly.notices.ropa_export import FORMATS, export

LangOption = typer.Option("nb", "--lang", help="Language: nb (bokmål) or en.")
OutOption = typer.Option(None, "--out", "-o", help="Write to this file instead of stdout.")


def _write(data: bytes, out: Path | None) -> None:
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename, so a failure never leaves half a file.
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(out)
    typer.echo(f"Wrote {out}", err=True)


@app.command()
@handle_errors
def notice(
    lang: str = LangOption,
    fmt: str = typer.Option("html", "--format", "-f", help="html (standalone page) or md."),
    out: Path | None = OutOption,
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Render the privacy notice from the workspace's policy."""
    loaded = policy_for(settings_for(workspace))
    _write(render_notice(loaded, lang, fmt).encode("utf-8"), out)


@app.command()
@handle_errors
def ropa(
    fmt: str = typer.Option("xlsx", "--format", "-f", help=f"One of {', '.join(FORMATS)}."),
    out: Path | None = OutOption,
    lang: str = typer.Option("en", "--lang", help="Language of headers and values: en or nb."),
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Export the records of processing (Art. 30(1) controller, Art. 30(2) processor)."""
    if fmt not in FORMATS:
        raise InvalidInput(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if fmt == "xlsx" and out is None:
        raise InvalidInput("--format xlsx needs --out FILE (a workbook is not written to a "
                           "terminal)")
    loaded = policy_for(settings_for(workspace))
    _write(export(records(loaded, lang), fmt), out)
