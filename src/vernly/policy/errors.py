"""Errors of loading a policy: one `Problem` per line of output."""

from __future__ import annotations

from dataclasses import dataclass

from vernly.errors import VernlyError


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a policy file, with where it is."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if self.line <= 0:  # about the file as a whole (e.g. it does not exist)
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class PolicyError(VernlyError):
    """The policy file is invalid; carries every problem found."""

    exit_code = 2
    http_status = 422

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
