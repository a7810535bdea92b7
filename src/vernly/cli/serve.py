"""`vernly serve`: run the web app (privacy notice, privacy centre, API, console) with uvicorn.

The CLI does not import the web layer (the layers are independent); it checks the workspace,
then hands uvicorn the app factory `vernly.web.asgi:app_factory` by name, passing the workspace
through the environment the factory reads its settings from.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

from vernly.cli.app import app
from vernly.cli.common import WorkspaceOption, handle_errors, policy_for, settings_for
from vernly.errors import ConfigurationError

APP_FACTORY = "vernly.web.asgi:app_factory"


def urls(host: str, port: int) -> dict[str, str]:
    """The addresses worth opening, as a browser on this machine reaches them."""
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::", "") else host
    base = f"http://{shown}:{port}"
    return {"Privacy notice (nb)": f"{base}/personvern",
            "Privacy notice (en)": f"{base}/en/privacy",
            "Operator console": f"{base}/console", "API documentation": f"{base}/docs"}


@app.command()
@handle_errors
def serve(
    workspace: Path | None = WorkspaceOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="TCP port to listen on."),
    forwarded_allow_ips: str = typer.Option(
        "127.0.0.1", "--forwarded-allow-ips",
        help="Proxy addresses (comma-separated, or *) trusted for X-Forwarded-Proto/-For; "
             "https through them gets HSTS."),
    no_worker: bool = typer.Option(False, "--no-worker",
                                   help="PostgreSQL ledger: serve only, leave the jobs to "
                                        "`vernly worker`."),
) -> None:
    """Serve the workspace: the notice at /personvern and /en/privacy, the API at /docs."""
    import uvicorn

    settings = settings_for(workspace)
    if not settings.policy_path.exists():
        raise ConfigurationError(f"{settings.policy_path}: no policy here; run `vernly init` "
                                 "or pass --workspace")
    policy_for(settings)  # a broken policy stops here with file:line messages, not at startup
    settings.check_shared()
    os.environ["VERNLY_WORKSPACE"] = str(settings.workspace)
    if no_worker:
        os.environ["VERNLY_SERVE_WORKER"] = "0"
    typer.echo(f"vernly is serving {settings.workspace}")
    for label, url in urls(host, port).items():
        typer.echo(f"  {label + ':':<21}{url}")
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, log_level="info",
                proxy_headers=True, forwarded_allow_ips=forwarded_allow_ips)
