"""`${VAR}` and `${VAR:-default}` references in policy values (connection details).

Secrets never sit in `vernly.yaml`; the file names an environment variable instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from vernly.errors import ConfigurationError

_REF = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}")


def expand(value: str, env: Mapping[str, str], where: str = "policy") -> str:
    """Replace each reference by the variable's value, or its default when unset."""

    def replace(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        if name in env and env[name] != "":
            return env[name]
        if default is not None:
            return default
        raise ConfigurationError(f"{where}: environment variable {name} is not set")

    return _REF.sub(replace, value)
