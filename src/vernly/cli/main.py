"""The `vernly` command: one Typer app, each command group in its own module."""

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


def _register() -> None:
    # Each module adds its commands to `app`; importing them here keeps main.py tiny.
    from vernly.cli import (
        audit,  # noqa: F401
        consent,  # noqa: F401
        demo,  # noqa: F401
        notice,  # noqa: F401
        operator,  # noqa: F401
        policy,  # noqa: F401
        requests,  # noqa: F401
        retention,  # noqa: F401
        serve,  # noqa: F401
        workspace,  # noqa: F401
    )


_register()
