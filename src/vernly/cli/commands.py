"""Which module under `vernly.cli` registers each top-level command."""

from __future__ import annotations

import importlib

COMMANDS: dict[str, str] = {
    "init": "workspace",
    "policy": "policy",
    "explain": "policy",
    "notice": "notice",
    "ropa": "notice",
    "serve": "serve",
    "worker": "worker",
    "demo": "demo",
    "request": "requests",
    "audit": "audit",
    "sweep": "sweep",
    "status": "retention",
    "hold": "retention",
    "retention": "retention",
    "consent": "consent",
    "operator": "operator",
    "user": "user",
    "import": "imports",
    "doctor": "doctor",
}
"""Each top-level command and the module under `vernly.cli` that registers it."""

SUMMARIES: dict[str, str] = {
    "init": "Write the built-in example policy (Intility AS) as a starting workspace.",
    "policy": "Check the policy (vernly.yaml).",
    "explain": "Explain a linter code: what it checks, the GDPR article, and how to fix it.",
    "notice": "Render the privacy notice from the workspace's policy.",
    "ropa": "Export the records of processing (Art. 30(1) controller, Art. 30(2) processor).",
    "serve": "Serve the workspace: the notice at /personvern and /en/privacy, the API at /docs.",
    "worker": "Run background jobs (requests, sweeps, consent expiry, messages) until stopped.",
    "demo": "Build a demo workspace (webshop, case and visitor databases, CCTV folder, web log)",
    "request": "Data subject requests (access, erasure, ...).",
    "audit": "The append-only, hash-chained audit log.",
    "sweep": "Carry out every retention rule (or, with --dry-run, show what would be done).",
    "status": "Every retention promise of the notice next to what is true now.",
    "hold": "Legal holds: keep data through sweeps.",
    "retention": "Retention rules, events and manual tasks.",
    "consent": "The consent ledger: records, receipts, decisions, expiry.",
    "operator": "Operators of the console and the operator API.",
    "user": "People who sign in to the console.",
    "import": "Turn another tool's declarations into vernly.yaml parts.",
    "doctor": "Check the policy, the ledger, every declared system and the SMTP server.",
}
"""The first line of each command's help, for `vernly --help` without loading any command
(a test keeps them equal to the commands' own help)."""


def overview() -> str:
    """`vernly --help`: every command with its summary, in plain text."""
    width = max(map(len, SUMMARIES))
    lines = ["Usage: vernly [OPTIONS] COMMAND [ARGS]...", "",
             "Make a privacy notice true: policy as code, enforced and proven.", "",
             "Options:", "  --version  Print the version and exit.",
             "  --help     Show this message and exit.", "", "Commands:"]
    lines += [f"  {name:<{width}}  {summary}" for name, summary in SUMMARIES.items()]
    lines += ["", "Run 'vernly COMMAND --help' for a command's options."]
    return "\n".join(lines)


def load_commands(modules: set[str] | None = None) -> None:
    """Import command modules (all when None); importing one registers its commands."""
    for module in sorted(modules if modules is not None else set(COMMANDS.values())):
        importlib.import_module(f"vernly.cli.{module}")
