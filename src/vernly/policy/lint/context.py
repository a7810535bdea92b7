"""What every rule module gets: the loaded policy and a way to place a finding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vernly.policy.lint.findings import Finding, Rule
from vernly.policy.models import Activity, ActivityRole, Policy

if TYPE_CHECKING:
    from vernly.policy.loader import LoadedPolicy, Path_


@dataclass(frozen=True)
class Context:
    loaded: LoadedPolicy

    @property
    def policy(self) -> Policy:
        return self.loaded.policy

    def finding(self, rule: Rule, path: Path_, message: str, *, activity: str | None = None,
                recipient: str | None = None, cookie: str | None = None,
                system: str | None = None, category: str | None = None) -> Finding:
        mark = self.loaded.positions.of_key(path)
        return Finding(
            file=self.loaded.source, line=mark.line, column=mark.column, code=rule.code,
            severity=rule.severity, article=rule.article, message=message,
            activity=activity, recipient=recipient, cookie=cookie, system=system,
            category=category,
        )

    def controller_activities(self) -> list[tuple[int, Activity]]:
        """Activities we decide on; processor activities follow their controller (Art. 28)."""
        return [(i, a) for i, a in enumerate(self.policy.activities)
                if a.role == ActivityRole.controller]


def consent_based(activity: Activity) -> bool:
    return activity.legal_basis != "not_stated" and activity.legal_basis.article == "6(1)(a)"
