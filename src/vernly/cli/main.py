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
    from vernly.cli import workspace  # noqa: F401
    from vernly.cli import consent  # noqa: F401
    from vernly.cli import operator  # noqa: F401
    from vernly.cli import serve  # noqa: F401
    from vernly.cli import notice  # noqa: F401
    from vernly.cli import policy  # noqa: F401
    from vernly.cli import requests  # noqa: F401
    from vernly.cli import audit  # noqa: F401
    from vernly.cli import retention  # noqa: F401
    from vernly.cli import demo  # noqa: F401


_register()
