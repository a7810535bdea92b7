"""`vernly user`: the people who sign in to the console (e-mail, password, roles).

`add` and `reset-password` print a one-time password, shown once: the person signs in with
it and chooses their own. CLI actions are audited as `operator:<login>` of the local user,
since the shell is already trusted.
"""

from __future__ import annotations

import getpass
from pathlib import Path

import typer

from vernly.cli.app import app
from vernly.cli.common import WorkspaceOption, handle_errors, print_json, settings_for
from vernly.engine.accounts.users import Users
from vernly.ledger.db import Ledger
from vernly.ledger.operators import ROLES

user_app = typer.Typer(help="People who sign in to the console.", no_args_is_help=True)
app.add_typer(user_app, name="user")


def _service(workspace: Path | None) -> Users:
    settings = settings_for(workspace)
    return Users(Ledger(settings.database_url, secret_key=settings.secret_key), settings.now)


def _actor() -> str:
    return f"operator:{getpass.getuser()}"


@user_app.command("add")
@handle_errors
def add(
    email: str = typer.Argument(..., help="The person's e-mail address; they sign in with it."),
    role: str = typer.Option(..., "--role", help=f"One of {', '.join(ROLES)}."),
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Add a user and print a one-time password (shown this once only)."""
    user, password = _service(workspace).add(email, role, actor=_actor())
    typer.echo(f"Added user {user.email} (role {user.role}).")
    typer.echo("One-time password (shown once; they choose their own at first sign-in):",
               err=True)
    typer.echo(password)


@user_app.command("list")
@handle_errors
def list_(
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    workspace: Path | None = WorkspaceOption,
) -> None:
    """List users (never passwords or second-factor keys)."""
    found = _service(workspace).list_users()
    if json_out:
        print_json([{"id": u.id, "email": u.email, "role": u.role,
                     "created_at": u.created_at.isoformat(), "disabled": u.disabled,
                     "totp": u.totp_enabled} for u in found])
        return
    if not found:
        typer.echo("No users yet. Add one: vernly user add EMAIL --role dpo")
        return
    typer.echo(f"{'ID':>4}  {'E-MAIL':<32} {'ROLE':<9} {'TOTP':<5} STATUS")
    for u in found:
        typer.echo(f"{u.id:>4}  {u.email:<32} {u.role:<9} {'yes' if u.totp_enabled else 'no':<5} "
                   f"{'disabled' if u.disabled else 'active'}")


@user_app.command("role")
@handle_errors
def role(
    email: str = typer.Argument(..., help="The user whose role changes."),
    new_role: str = typer.Argument(..., metavar="ROLE", help=f"One of {', '.join(ROLES)}."),
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Give a user another role (the last active DPO keeps theirs)."""
    user = _service(workspace).set_role(email, new_role, actor=_actor())
    typer.echo(f"User {user.email} now has the role {user.role}.")


@user_app.command("disable")
@handle_errors
def disable(
    email: str = typer.Argument(..., help="The user to disable."),
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Disable a user: sign-in stops and every session ends at once (never the last DPO)."""
    user = _service(workspace).disable(email, actor=_actor())
    typer.echo(f"Disabled user {user.email}.")


@user_app.command("enable")
@handle_errors
def enable(
    email: str = typer.Argument(..., help="The user to enable."),
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Enable a disabled user again (a lockout after wrong passwords is lifted too)."""
    user = _service(workspace).enable(email, actor=_actor())
    typer.echo(f"Enabled user {user.email}.")


@user_app.command("reset-password")
@handle_errors
def reset_password(
    email: str = typer.Argument(..., help="The user who forgot their password."),
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Replace a user's password with a one-time one (printed once); their sessions end."""
    user, password = _service(workspace).reset_password(email, actor=_actor())
    typer.echo(f"New one-time password for {user.email} (shown once):", err=True)
    typer.echo(password)
