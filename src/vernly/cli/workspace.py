"""`vernly init`: start a workspace from the built-in example policy, with the policy's JSON
Schema beside it so editors complete and check `vernly.yaml` as it is written."""

from __future__ import annotations

from pathlib import Path

import typer

from vernly.cli.app import app
from vernly.cli.common import fail, handle_errors
from vernly.policy.json_schema import SCHEMA_FILE, modeline, schema_text
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
    schema = directory / ".vernly" / SCHEMA_FILE
    schema.parent.mkdir(parents=True, exist_ok=True)
    schema.write_text(schema_text(), encoding="utf-8")
    example = example_policy_path().read_text(encoding="utf-8")
    # The path is relative to vernly.yaml, so the workspace can move and still be checked.
    target.write_text(modeline(f".vernly/{SCHEMA_FILE}") + example, encoding="utf-8")
    typer.echo(f"Created {target}. Next: cd {directory} && vernly policy check")
