"""`vernly init`: start a workspace from the built-in example policy."""

from __future__ import annotations

import shutil
from pathlib import Path

import typer

from vernly.cli.app import app
from vernly.cli.common import fail, handle_errors
from vernly.policy.loader import example_policy_path
from vernly.settings import POLICY_FILE


@app.command()
@handle_errors
def init(
    directory: Path = typer.Argument(Path("."), help="Folder to create the workspace in."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing vernly.yaml."),
) -> None:
    """Write the built-in example policy (Intility AS) as a starting workspace."""
    target = directory / POLICY_FILE
    if target.exists() and not force:
        fail(f"{target}: already exists; use --force to overwrite it", 2)
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(example_policy_path(), target)
    typer.echo(f"Created {target}. Next: cd {directory} && vernly policy check")
