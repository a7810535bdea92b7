"""The bare `vernly` Typer app; command modules attach their commands to it."""

from __future__ import annotations

import typer

from vernly import __version__

app = typer.Typer(
    name="vernly",
    help="Make a privacy notice true: policy as code, enforced and proven.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vernly {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """vernly: privacy operations from one policy file."""
