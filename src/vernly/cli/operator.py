"""`vernly operator`: create, list, disable and enable the operators of the console and API.

A new operator's token is printed once and never stored; keep it in a password manager.
CLI actions are audited as the local user (`operator:<login>`), since the shell is already
trusted.
"""

from __future__ import annotations

import getpass
from pathlib import Path

import typer

from vernly.cli.app import app
from vernly.cli.common import WorkspaceOption, handle_errors, print_json, settings_for
from vernly.engine.operators import Operators
from vernly.ledger.db import Ledger
from vernly.ledger.operators import ROLES

operator_app = typer.Typer(help="Operators of the console and the operator API.",
                           no_args_is_help=True)
app.add_typer(operator_app, name="operator")


def _service(workspace: Path | None) -> Operators:
    settings = settings_for(workspace)
    return Operators(Ledger(settings.database_url, secret_key=settings.secret_key), settings.now)


def _actor() -> str:
    return f"operator:{getpass.getuser()}"


@operator_app.command("add")
@handle_errors
def add(
    name: str = typer.Argument(..., help="Unique operator name, e.g. 'kari'."),
    role: str = typer.Option(..., "--role", help=f"One of {', '.join(ROLES)}."),
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Create an operator and print its token (shown this once only)."""
    operator, token = _service(workspace).create(name, role, actor=_actor())
    typer.echo(f"Created operator {operator.name} (id {operator.id}, role {operator.role}).")
    typer.echo("Token (shown once; store it now):", err=True)
    typer.echo(token)


@operator_app.command("list")
@handle_errors
def list_(
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    workspace: Path | None = WorkspaceOption,
) -> None:
    """List operators (never their tokens)."""
    found = _service(workspace).list_operators()
    if json_out:
        print_json([{"id": o.id, "name": o.name, "role": o.role,
                     "created_at": o.created_at.isoformat(), "disabled": o.disabled}
                    for o in found])
        return
    if not found:
        typer.echo("No operators yet. Create one: vernly operator add NAME --role dpo")
        return
    typer.echo(f"{'ID':>4}  {'NAME':<24} {'ROLE':<9} {'CREATED (UTC)':<20} STATUS")
    for o in found:
        typer.echo(f"{o.id:>4}  {o.name:<24} {o.role:<9} "
                   f"{o.created_at.strftime('%Y-%m-%d %H:%M'):<20} "
                   f"{'disabled' if o.disabled else 'active'}")


@operator_app.command("disable")
@handle_errors
def disable(
    name: str = typer.Argument(..., help="The operator to disable."),
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Disable an operator: its token and console sessions stop working at once."""
    operator = _service(workspace).disable(name, actor=_actor())
    typer.echo(f"Disabled operator {operator.name} (id {operator.id}).")


@operator_app.command("enable")
@handle_errors
def enable(
    name: str = typer.Argument(..., help="The operator to enable."),
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Enable a disabled operator: its token works again."""
    operator = _service(workspace).enable(name, actor=_actor())
    typer.echo(f"Enabled operator {operator.name} (id {operator.id}).")
