"""`vernly doctor`: is this workspace ready to serve people? One check per thing vernly
depends on (policy, ledger, each system the policy declares, SMTP), each answered in one
line that says what is wrong and what to set. Nothing is written anywhere but the ledger's
own schema (opening it migrates it, as `vernly serve` would)."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from vernly.connectors.engines import make_engine
from vernly.connectors.location import system_url
from vernly.errors import VernlyError
from vernly.ledger import audit
from vernly.ledger.db import Ledger
from vernly.policy.errors import PolicyError
from vernly.policy.loader import LoadedPolicy, load_policy
from vernly.policy.models import System, SystemKind
from vernly.settings import Settings

SMTP_TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class Check:
    """One thing checked: `ok`, and one line saying what was found or what is wrong."""

    name: str
    ok: bool
    line: str

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "ok": self.ok, "line": self.line}


def _reason(exc: BaseException) -> str:
    """The error's class and first line (a connection error names hosts, never people)."""
    cause = getattr(exc, "orig", None) or exc
    first = (str(cause).strip().splitlines() or [""])[0][:160]
    return f"{type(cause).__name__}: {first}" if first else type(cause).__name__


def check_policy(settings: Settings) -> tuple[Check, LoadedPolicy | None]:
    from vernly.policy.lint import Severity, lint

    try:
        loaded = load_policy(settings.policy_path)
    except PolicyError as exc:
        first = exc.problems[0] if exc.problems else exc
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        return Check("policy", False, f"{first}{more}"), None
    except VernlyError as exc:
        return Check("policy", False, str(exc)), None
    # Gaps in what the notice states are the linter's to report, not a fault in operation.
    errors = sum(1 for f in lint(loaded) if f.severity == Severity.error)
    gaps = f"; {errors} lint errors (`vernly policy check`)" if errors else ", lint clean"
    return Check("policy", True, f"{settings.policy_path} loads{gaps}"), loaded


def check_ledger(settings: Settings) -> Check:
    try:
        ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    except Exception as exc:  # any driver error is the answer here, not a crash
        return Check("ledger", False, f"cannot open the ledger ({_reason(exc)}); check "
                                      "VERNLY_DATABASE_URL")
    try:
        with ledger.session() as session:
            chain = audit.verify(session)
    except Exception as exc:
        return Check("ledger", False, f"cannot read the ledger ({_reason(exc)})")
    finally:
        ledger.dispose()
    if not chain.ok:
        return Check("ledger", False, f"audit log broken at entry {chain.broken_at}: "
                                      f"{chain.reason} (`vernly audit verify`)")
    return Check("ledger", True, f"opens, audit log of {chain.entries} entries verifies")


def _check_sql(system: System, url: str) -> Check:
    name = f"system {system.id}"
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        return Check(name, False, f"database file {url[len('sqlite:///'):]} does not exist")
    engine = make_engine(url, pool_size=1)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        return Check(name, False, f"cannot connect ({_reason(exc)})")
    finally:
        engine.dispose()
    return Check(name, True, "connects")


def check_system(system: System, settings: Settings) -> Check | None:
    """A SQL database connects, a file store's folder or a log file exists; systems without
    a connection (manual, external) are not checked."""
    if system.kind not in (SystemKind.sql, SystemKind.files, SystemKind.log):
        return None
    name = f"system {system.id}"
    try:
        url = system_url(system, settings.workspace, settings.env)
    except VernlyError as exc:
        return Check(name, False, str(exc))
    if system.kind == SystemKind.sql:
        return _check_sql(system, url)
    if not Path(url).exists():
        return Check(name, False, f"{url} does not exist")
    return Check(name, True, f"{url} is there")


def check_smtp(settings: Settings) -> Check:
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port,
                          timeout=SMTP_TIMEOUT_SECONDS) as smtp:
            code, _ = smtp.noop()
    except (OSError, smtplib.SMTPException) as exc:
        return Check("smtp", False, f"no mail server at {where} ({_reason(exc)}); set "
                                    "VERNLY_SMTP_HOST and VERNLY_SMTP_PORT (README: e-mail)")
    if code != 250:
        return Check("smtp", False, f"the mail server at {where} answered {code} to NOOP")
    return Check("smtp", True, f"{where} answers")


def diagnose(settings: Settings) -> list[Check]:
    """Every check, in the order a fix is best made (policy first: the rest depend on it)."""
    policy, loaded = check_policy(settings)
    checks = [policy, check_ledger(settings)]
    if loaded is not None:
        for system in loaded.policy.systems:
            found = check_system(system, settings)
            if found is not None:
                checks.append(found)
    checks.append(check_smtp(settings))
    return checks
