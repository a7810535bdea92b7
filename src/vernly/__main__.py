"""`python -m vernly`: the same as the `vernly` command."""

from vernly.cli.entry import run

run()
