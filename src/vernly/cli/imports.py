"""`vernly import`: start a policy's systems from another tool's declarations."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from vernly.cli.app import app
from vernly.cli.common import fail, handle_errors
from vernly.policy.fides_import import read_fides

import_app = typer.Typer(help="Turn another tool's declarations into vernly.yaml parts.",
                         no_args_is_help=True)
app.add_typer(import_app, name="import")


@import_app.command()
@handle_errors
def fides(
    dataset: Path = typer.Argument(..., help="A Fides dataset file (YAML with 'dataset:')."),
    system: str | None = typer.Option(
        None, "--system", help="The system id (default: the dataset's fides_key)."),
    out: Path | None = typer.Option(
        None, "--out", help="Write the systems here instead of to standard output."),
) -> None:
    """Fides datasets as vernly systems; what does not map goes to stderr (exit 2: bad file)."""
    result = read_fides(dataset, system)
    text = result.to_yaml()
    if out is None:
        sys.stdout.write(text)
    else:
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            fail(f"{out}: cannot write the systems: {exc.strerror or exc}", 2)
    for line in result.report():
        typer.echo(line, err=True)
