"""Retention promises compiled into per-dataset rules, or a list of reasons they cannot be.

Pure: no database, no files. The retention engine executes what `compile_retention`
returns and `vernly policy check` reports its issues, so a rule that cannot be carried
out (no timestamp column, an action the system cannot do) is found when the policy is
checked, not at three in the morning when the sweep runs.

A rule id is `activity:index:dataset` (e.g. `cctv:0:cctv`): stable as long as the
activity keeps its rules in the same order, and readable in the audit log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from vernly.policy.errors import Problem
from vernly.policy.models import (
    Activity,
    Policy,
    RetentionAction,
    RetentionRule,
    RetentionTrigger,
    System,
    SystemKind,
    Table,
    Text,
)
from vernly.policy.retention_targets import (
    Cascade,
    cascade_for,
    identity_columns,
    single_key,
    target_columns,
)

if TYPE_CHECKING:
    from vernly.policy.loader import LoadedPolicy

Path_ = tuple[str | int, ...]

TIME_TRIGGERS = {RetentionTrigger.collected, RetentionTrigger.recorded,
                 RetentionTrigger.last_activity}
EVENT_TRIGGERS = {RetentionTrigger.consent_withdrawn, RetentionTrigger.contract_ended,
                  RetentionTrigger.purpose_ended}
EVENT_COLUMNS = {RetentionTrigger.consent_withdrawn: "consent_withdrawn_at",
                 RetentionTrigger.contract_ended: "contract_ended_at",
                 RetentionTrigger.purpose_ended: "purpose_ended_at"}
"""The column an event trigger uses when the rule names none and the table has it."""
ROW_ACTIONS = {RetentionAction.delete, RetentionAction.null, RetentionAction.mask,
               RetentionAction.anonymise}
_TIME_FIELD = re.compile(r"\{(\w+):(%[^}]*)\}")


class RuleMode(StrEnum):
    """How the engine finds what a rule applies to."""

    timestamp = "timestamp"
    """A timestamp column (or the file name / log line time) older than the cutoff."""
    fiscal_year = "fiscal_year"
    """A timestamp column whose fiscal year ended more than the duration ago."""
    event_column = "event_column"
    """A column recording the event (e.g. consent_withdrawn_at), set and older than cutoff."""
    event_ledger = "event_ledger"
    """Events recorded in vernly's ledger (`vernly retention event add`)."""
    with_parent = "with_parent"
    """Rows removed together with the rows of the parent table they reference."""
    manual = "manual"
    """Someone else carries the rule out; vernly keeps a task to confirm it."""


class Severity(StrEnum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True)
class RuleIssue:
    """Why a retention rule cannot be executed (error) or may surprise (warning)."""

    path: Path_
    """Where in the policy document, for file:line positions."""
    message: str
    severity: Severity = Severity.error


@dataclass(frozen=True)
class CompiledRule:
    """One retention rule applied to one dataset."""

    id: str
    activity: str
    index: int
    dataset: str
    """`system` or `system.table`."""
    system: str
    system_kind: SystemKind
    table: str | None
    duration: str
    trigger: RetentionTrigger
    action: RetentionAction
    mode: RuleMode
    path: Path_
    timestamp_field: str | None = None
    primary_key: str | None = None
    identity: tuple[tuple[str, str], ...] = ()
    """(column, kind) pairs that identify a person: what person holds match against."""
    targets: tuple[str, ...] = ()
    """Columns null/mask/anonymise change."""
    cascade: tuple[Cascade, ...] = ()
    """Tables whose rows reference this table's rows and go with them on delete."""
    parent: str | None = None
    """For `with_parent`: the id of the rule of the referenced table."""
    parent_field: str | None = None
    """For `with_parent`: this table's column that points at the parent's rows."""
    parent_column: str | None = None
    """For `with_parent`: the parent's column `parent_field` points at."""
    enforced_by: str | None = None
    owner: str | None = None
    """Who carries out a manual rule (recipient name or the system's owner)."""
    statute: str | None = None
    description: Text | None = None
    due_days: int = 14

    @property
    def fiscal(self) -> bool:
        return self.trigger == RetentionTrigger.fiscal_year_end

    @property
    def is_manual(self) -> bool:
        return self.mode == RuleMode.manual

    def words(self, lang: str = "en") -> str:
        """The promise in the notice's words, or a plain rendering of the rule."""
        if self.description is not None:
            return self.description.get(lang)
        return f"{self.action.value} after {self.duration} ({self.trigger.value})"


@dataclass
class Compiled:
    rules: list[CompiledRule] = field(default_factory=list)
    issues: list[RuleIssue] = field(default_factory=list)

    @property
    def errors(self) -> list[RuleIssue]:
        return [i for i in self.issues if i.severity == Severity.error]

    def rule(self, rule_id: str) -> CompiledRule:
        return next(r for r in self.rules if r.id == rule_id)


def compile_retention(policy: Policy) -> Compiled:
    """Every activity's retention rules as per-dataset rules, plus what is wrong with them."""
    out = Compiled()
    systems = {s.id: s for s in policy.systems}
    # Who carries a rule out is named in the policy's first language, as its owner is.
    recipients = {r.id: r.name_in(policy.notice.first_language) for r in policy.recipients}
    for ai, activity in enumerate(policy.activities):
        if activity.retention == "not_stated":
            continue
        for ri, rule in enumerate(activity.retention.rules):
            path: Path_ = ("activities", ai, "retention", "rules", ri)
            _compile_rule(out, activity, ri, rule, path, systems, recipients)
    return out


def _datasets(activity: Activity, rule: RetentionRule) -> list[str]:
    return list(rule.datasets) or list(activity.systems)


def _compile_rule(out: Compiled, activity: Activity, ri: int, rule: RetentionRule, path: Path_,
                  systems: dict[str, System], recipients: dict[str, str]) -> None:
    datasets = _datasets(activity, rule)
    manual = (rule.action == RetentionAction.manual or rule.enforced_by is not None
              or rule.trigger == RetentionTrigger.per_agreement)
    if not datasets:
        if manual:
            owner = recipients.get(rule.enforced_by or "", rule.enforced_by)
            out.rules.append(CompiledRule(
                id=f"{activity.id}:{ri}:-", activity=activity.id, index=ri, dataset="-",
                system="-", system_kind=SystemKind.external, table=None,
                duration=rule.duration, trigger=rule.trigger, action=rule.action,
                mode=RuleMode.manual, path=path, enforced_by=rule.enforced_by, owner=owner,
                statute=rule.statute, description=rule.description))
        else:
            out.issues.append(RuleIssue(
                (*path, "datasets"), f"rule of activity '{activity.id}' names no datasets and "
                "the activity has no systems, expected 'datasets: [system.table]'"))
        return
    for di, dataset in enumerate(datasets):
        dpath: Path_ = (*path, "datasets", di) if rule.datasets else (*path,)
        system_id, _, table_name = dataset.partition(".")
        system = systems.get(system_id)
        if system is None:
            out.issues.append(RuleIssue(dpath, f"unknown dataset '{dataset}', expected "
                                                "'system' or 'system.table' of a declared system"))
            continue
        base = _Base(activity.id, ri, rule, path, system, recipients,
                     list(systems).index(system_id), tuple(systems.values()))
        if manual or system.kind in (SystemKind.manual, SystemKind.external):
            _compile_manual(out, base, dataset, dpath, manual)
        elif system.kind == SystemKind.sql:
            tables = ([t for t in system.tables if t.name == table_name] if table_name
                      else list(system.tables))
            if table_name and not tables:
                out.issues.append(RuleIssue(dpath, f"unknown table '{table_name}' in system "
                                                   f"'{system.id}'"))
            if not table_name and not tables:
                out.issues.append(RuleIssue(dpath, f"system '{system.id}' declares no tables"))
            for table in tables:
                _compile_table(out, base, table, dpath, set(datasets))
        else:
            if table_name:
                out.issues.append(RuleIssue(dpath, f"'{dataset}': system '{system.id}' is "
                                                   f"{system.kind.value}, it has no tables"))
                continue
            _compile_store(out, base, dpath)


@dataclass(frozen=True)
class _Base:
    activity: str
    index: int
    rule: RetentionRule
    path: Path_
    system: System
    recipients: dict[str, str]
    system_index: int
    all_systems: tuple[System, ...]

    def make(self, dataset: str, mode: RuleMode, **kw: object) -> CompiledRule:
        r = self.rule
        owner = (self.recipients.get(r.enforced_by, r.enforced_by) if r.enforced_by
                 else self.system.owner
                 or (self.recipients.get(self.system.recipient or "") or None))
        return CompiledRule(
            id=f"{self.activity}:{self.index}:{dataset}", activity=self.activity,
            index=self.index, dataset=dataset, system=self.system.id,
            system_kind=self.system.kind, table=kw.pop("table", None),  # type: ignore[arg-type]
            duration=r.duration, trigger=r.trigger, action=r.action, mode=mode, path=self.path,
            enforced_by=r.enforced_by, owner=owner, statute=r.statute,
            description=r.description, due_days=self.system.due_days,
            **kw,  # type: ignore[arg-type]
        )


def _compile_manual(out: Compiled, base: _Base, dataset: str, dpath: Path_,
                    declared_manual: bool) -> None:
    if not declared_manual and base.system.kind == SystemKind.external:
        out.issues.append(RuleIssue(
            (*base.path, "action"), f"'{dataset}' is an external system vernly cannot reach; "
            f"action '{base.rule.action.value}' cannot be executed, expected 'action: manual' "
            "or 'enforced_by: <recipient>'"))
        return
    # A manual system is worked by its owner: any rule on it becomes a task for them.
    out.rules.append(base.make(dataset, RuleMode.manual))


def _compile_store(out: Compiled, base: _Base, dpath: Path_) -> None:
    rule, system = base.rule, base.system
    kind = system.kind
    allowed = ({RetentionAction.delete_files, RetentionAction.delete} if kind == SystemKind.files
               else {RetentionAction.truncate_ip})
    if rule.action not in allowed:
        expected = "delete_files" if kind == SystemKind.files else "truncate_ip"
        out.issues.append(RuleIssue((*base.path, "action"),
                                    f"action '{rule.action.value}' cannot be applied to the "
                                    f"{kind.value} system '{system.id}', expected '{expected}'"))
        return
    if rule.trigger not in TIME_TRIGGERS:
        out.issues.append(RuleIssue((*base.path, "trigger"),
                                    f"trigger '{rule.trigger.value}' needs a date per record, "
                                    f"which the {kind.value} system '{system.id}' does not keep, "
                                    "expected 'recorded', 'collected' or 'last_activity'"))
        return
    if _zero(rule.duration):
        out.issues.append(RuleIssue((*base.path, "duration"), _ZERO))
        return
    if kind == SystemKind.files and not _TIME_FIELD.search(system.path_pattern or ""):
        out.issues.append(RuleIssue(
            ("systems", base.system_index, "path_pattern"), f"system '{system.id}': path_pattern "
            f"{system.path_pattern!r} has no time field, expected e.g. "
            "'{camera}/{recorded:%Y%m%dT%H%M%S}.mp4' so files can be dated"))
        return
    out.rules.append(base.make(system.id, RuleMode.timestamp))


_ZERO = ("duration P0D with a time trigger would remove every record as soon as it is "
         "written, expected a positive duration such as P7D")


def _zero(text: str) -> bool:
    from vernly.policy.durations import parse_duration

    d = parse_duration(text)
    return d.years == 0 and d.months == 0 and not d.delta


def _compile_table(out: Compiled, base: _Base, table: Table, dpath: Path_,
                   rule_datasets: set[str]) -> None:
    rule, system = base.rule, base.system
    dataset = f"{system.id}.{table.name}"
    columns = {c.name for c in table.columns}
    if rule.action not in ROW_ACTIONS:
        out.issues.append(RuleIssue((*base.path, "action"),
                                    f"action '{rule.action.value}' cannot be applied to the SQL "
                                    f"table '{dataset}', expected one of: delete, null, mask, "
                                    "anonymise"))
        return
    if not single_key(table):
        out.issues.append(RuleIssue(dpath, f"'{dataset}' has no single-column primary key; "
                                           "retention sweeps address rows by one key column, "
                                           "expected 'primary_key' naming one column"))
        return
    common: dict[str, object] = dict(
        table=table.name, primary_key=single_key(table),
        identity=identity_columns(table),
        targets=target_columns(table, system, rule.action),
    )
    if rule.action != RetentionAction.delete and not common["targets"]:
        out.issues.append(RuleIssue((*base.path, "action"),
                                    f"action '{rule.action.value}' on '{dataset}' has no columns "
                                    "to change: no column identifies a person, expected "
                                    "'identity' or a name/contact category on a column"))
        return
    if rule.action == RetentionAction.delete:
        cascade, cross = cascade_for(system, table.name, base.all_systems)
        common["cascade"] = cascade
        for where in cross:
            if where in rule_datasets:
                continue  # the same rule sweeps that table by its own timestamp
            out.issues.append(RuleIssue(dpath, f"rows of '{dataset}' are referenced from {where}"
                                               " in another system; vernly cannot delete those "
                                               "with them", Severity.warning))
    mode, ts = _trigger(out, base, table, columns, dataset, dpath, rule_datasets)
    if mode is None:
        return
    if mode == RuleMode.with_parent:
        assert ts is not None
        parent_table, link = ts
        parent_field, _, parent_column = link.partition(":")
        common["parent"] = f"{base.activity}:{base.index}:{system.id}.{parent_table}"
        common["parent_field"] = parent_field
        common["parent_column"] = parent_column
        out.rules.append(base.make(dataset, mode, **common))
        return
    common["timestamp_field"] = ts[0] if ts else None
    _check_keep(out, base, table, dataset)
    out.rules.append(base.make(dataset, mode, **common))


def _trigger(out: Compiled, base: _Base, table: Table, columns: set[str], dataset: str,
             dpath: Path_, rule_datasets: set[str]
             ) -> tuple[RuleMode | None, tuple[str, str] | None]:
    """The mode and (column, "") or, for with_parent, (parent table, "fk:parent_column")."""
    rule = base.rule
    if rule.trigger in EVENT_TRIGGERS:
        event_column = rule.timestamp_field or EVENT_COLUMNS[rule.trigger]
        if event_column in columns:
            return RuleMode.event_column, (event_column, "")
        if rule.timestamp_field:
            out.issues.append(RuleIssue((*base.path, "timestamp_field"),
                                        f"'{rule.timestamp_field}' is not a column of "
                                        f"'{dataset}'"))
            return None, None
        if rule.trigger == RetentionTrigger.consent_withdrawn:
            out.issues.append(RuleIssue(
                (*base.path, "trigger"), f"trigger 'consent_withdrawn' on '{dataset}' needs the "
                "time consent was withdrawn: expected a 'consent_withdrawn_at' column or "
                "'timestamp_field'"))
            return None, None
        return RuleMode.event_ledger, None
    if _zero(rule.duration):
        out.issues.append(RuleIssue((*base.path, "duration"), _ZERO))
        return None, None
    column = rule.timestamp_field or table.timestamp_field
    mode = (RuleMode.fiscal_year if rule.trigger == RetentionTrigger.fiscal_year_end
            else RuleMode.timestamp)
    if column and column in columns:
        return mode, (column, "")
    if column:
        where = (*base.path, "timestamp_field") if rule.timestamp_field else dpath
        out.issues.append(RuleIssue(where, f"timestamp column '{column}' is not a column of "
                                           f"'{dataset}'"))
        return None, None
    for ref in table.references:
        system_id, name, targets = ref.target()
        if system_id not in (None, base.system.id) or len(targets) != 1:
            continue
        parent = f"{base.system.id}.{name}"
        if parent in rule_datasets or base.system.id in rule_datasets:
            return RuleMode.with_parent, (name, f"{ref.fields[0]}:{targets[0]}")
    out.issues.append(RuleIssue(
        dpath, f"'{dataset}' has no timestamp column for trigger '{rule.trigger.value}': "
        "expected 'timestamp_field' on the table or the rule, or a reference to another "
        "table of the same rule"))
    return None, None


def _check_keep(out: Compiled, base: _Base, table: Table, dataset: str) -> None:
    """A rule must not delete rows earlier than a statute the table itself declares."""
    keep, rule = table.keep, base.rule
    if keep is None or rule.action != RetentionAction.delete or keep.trigger != rule.trigger:
        return
    from vernly.policy.durations import parse_duration

    if parse_duration(keep.duration).approx_days() > parse_duration(rule.duration).approx_days():
        out.issues.append(RuleIssue(
            (*base.path, "duration"), f"rule deletes '{dataset}' after {rule.duration} but the "
            f"table must be kept {keep.duration} ({keep.statute}), expected at least "
            f"{keep.duration}"))


def retention_problems(loaded: LoadedPolicy, *, warnings: bool = False) -> list[Problem]:
    """The compile issues of a loaded policy as `file:line:col` problems."""
    from vernly.policy.loader import display_path

    problems = []
    for issue in compile_retention(loaded.policy).issues:
        if issue.severity == Severity.warning and not warnings:
            continue
        mark = loaded.positions.of_value(issue.path)
        where = display_path(issue.path, loaded.data)
        problems.append(Problem(loaded.source, mark.line, mark.column,
                                f"{where}: {issue.message}"))
    return sorted(problems)
