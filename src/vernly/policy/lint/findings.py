"""What the linter reports: rules with stable codes, and findings located in the file."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How bad a finding is; only errors make `vernly policy check` fail."""

    error = "error"
    warning = "warning"
    info = "info"


@dataclass(frozen=True)
class Rule:
    """One check of the linter. Codes are stable: tools and suppressions key on them."""

    code: str
    severity: Severity
    article: str
    """The legal provision the rule rests on, e.g. 'Art. 6(1), 13(1)(c)'."""
    title: str
    fields: tuple[str, ...] = ()
    """The policy keys the rule checks, as `Model.field` (e.g. `Activity.legal_basis`):
    `docs/policy.md` lists the rule under each, and a test keeps them real."""


@dataclass(frozen=True, order=True)
class Finding:
    """One gap in a policy, at the place in the file that should change."""

    file: str
    line: int
    column: int
    code: str
    severity: Severity
    article: str
    message: str
    activity: str | None = None
    recipient: str | None = None
    cookie: str | None = None
    system: str | None = None
    category: str | None = None

    @property
    def subject(self) -> str | None:
        """The id the finding is about: activity, recipient, cookie or system."""
        return self.activity or self.recipient or self.cookie or self.system

    def __str__(self) -> str:
        return (f"{self.file}:{self.line}:{self.column}: {self.severity} {self.code} "
                f"[{self.article}] {self.message}")

    def to_dict(self) -> dict[str, Any]:
        return {key: str(value) if isinstance(value, Severity) else value
                for key, value in asdict(self).items()}
