"""Runtime settings, built by a function from the environment and passed in.

Nothing reads the environment at import time; `load_settings()` is called once by the
CLI or the web app factory and the result is handed to whoever needs it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from vernly.errors import ConfigurationError

POLICY_FILE = "vernly.yaml"


@dataclass(frozen=True)
class Settings:
    """Where the workspace is and how vernly reaches its own store."""

    workspace: Path
    """Folder holding `vernly.yaml`; relative paths in the policy resolve against it."""
    database_url: str
    """SQLAlchemy URL of the ledger (vernly's own store)."""
    now_override: datetime | None = None
    """A fixed clock for demos and tests (`VERNLY_NOW`); None means the real clock."""
    smtp_host: str = "127.0.0.1"
    """SMTP server for one-time codes and notifications."""
    smtp_port: int = 25
    """SMTP port."""
    mail_from: str = "vernly@localhost"
    """Sender address of mail vernly sends."""
    smtp_starttls: bool = False
    """Upgrade the SMTP connection with STARTTLS (`VERNLY_SMTP_STARTTLS=1`)."""
    smtp_user: str = ""
    """SMTP login name, when the server wants one (`VERNLY_SMTP_USER`)."""
    smtp_password: str = field(default="", repr=False)
    """SMTP password (`VERNLY_SMTP_PASSWORD`)."""
    demo_outbox: bool = False
    """Show every message vernly sent at `/demo/outbox` (`VERNLY_DEMO_OUTBOX=1`, set by
    `vernly demo` only: the page shows one-time codes to anyone who opens it)."""
    public_url: str = "http://127.0.0.1:8000"
    """Where people reach the privacy centre, for links in e-mails (`VERNLY_PUBLIC_URL`)."""
    sms_gateway_url: str = ""
    """HTTP SMS gateway that takes `POST {to, from, text, reference}` (`VERNLY_SMS_GATEWAY_URL`);
    empty: SMS wait in the outbox until one is configured."""
    sms_gateway_token: str = field(default="", repr=False)
    """Bearer token for the SMS gateway (`VERNLY_SMS_GATEWAY_TOKEN`)."""
    sms_sender: str = "vernly"
    """Sender name or number shown on SMS (`VERNLY_SMS_SENDER`)."""
    message_retry_delays: tuple[int, ...] = (30, 120, 600, 3600, 21600)
    """Seconds before trying a message again after its first, second, ... failed attempt,
    the last one repeating (`VERNLY_MESSAGE_RETRY_DELAYS`, e.g. `30s,2m,10m,1h,6h`)."""
    message_interval_seconds: int = 5
    """How often `vernly serve` sends due messages; 0 turns it off (`VERNLY_MESSAGE_INTERVAL`)."""
    rate_limit_per_client: int = 10
    """Requests (and new codes) one client address may ask for an hour without signing in;
    code checks get three times as many (`VERNLY_RATE_LIMIT_PER_CLIENT`). Raise it when
    many people share one address (an office behind NAT)."""
    sweep_interval_seconds: int = 3600
    """How often `vernly serve` runs the retention sweep; 0 turns the scheduler off."""
    request_retry_delays: tuple[int, ...] = (60, 300, 1800, 7200, 21600)
    """Seconds to wait before running a request again after a system failed: the first
    delay after the first failed run, the next after the second, ..., the last one from then
    on (`VERNLY_REQUEST_RETRY_DELAYS`, e.g. `1m,5m,30m,2h,6h`)."""
    request_retry_interval_seconds: int = 60
    """How often `vernly serve` looks for requests whose retry is due; 0 turns it off
    (`VERNLY_REQUEST_RETRY_INTERVAL`)."""
    secret_key: str = field(default="", repr=False)
    """Key for signing links and sessions; generated per workspace when not given."""
    env: Mapping[str, str] = field(default_factory=dict, repr=False)
    """The environment the settings were built from, for `${ENV}` references in the policy."""
    package_link_days: int = 30
    """How long an access package can be downloaded after it was written; then it is
    removed (`VERNLY_PACKAGE_LINK_DAYS`)."""
    serve_worker: bool = True
    """On a PostgreSQL ledger, `vernly serve` also runs a job worker (`VERNLY_SERVE_WORKER=0`,
    set by `vernly serve --no-worker`, makes it a pure web replica)."""

    @property
    def on_postgresql(self) -> bool:
        """The ledger is PostgreSQL: jobs go to the task queue, replicas share the ledger."""
        return self.database_url.startswith("postgresql")

    def check_shared(self) -> None:
        """Refuse to start a server or worker on a shared (PostgreSQL) ledger without the
        secret key every replica must share (sessions, CSRF, receipt signatures)."""
        if self.on_postgresql and not self.env.get("VERNLY_SECRET_KEY"):
            raise ConfigurationError("VERNLY_SECRET_KEY: required with a PostgreSQL ledger, "
                                     "the same on every server and worker (e.g. `python -c "
                                     "'import secrets; print(secrets.token_urlsafe(32))'`)")

    @property
    def policy_path(self) -> Path:
        return self.workspace / POLICY_FILE

    def now(self) -> datetime:
        """The current time in UTC, honouring the demo clock override."""
        return self.now_override or datetime.now(UTC)

    def message_retry_delay(self, failed_attempts: int) -> timedelta:
        """How long a message waits after its `failed_attempts`-th failed attempt (from 1)."""
        delays = self.message_retry_delays
        return timedelta(seconds=delays[min(max(failed_attempts, 1), len(delays)) - 1])

    def retry_delay(self, failed_runs: int) -> timedelta:
        """How long to wait after the `failed_runs`-th failed run in a row (from 1)."""
        delays = self.request_retry_delays
        return timedelta(seconds=delays[min(max(failed_runs, 1), len(delays)) - 1])


def _parse_now(raw: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise ConfigurationError(f"VERNLY_NOW: {raw!r} is not an ISO 8601 date-time") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_delays(raw: str, what: str = "VERNLY_REQUEST_RETRY_DELAYS") -> tuple[int, ...]:
    """`1m,5m,30m,2h,6h` (or plain seconds) -> seconds, each positive, never shrinking."""
    delays: list[int] = []
    for part in (p.strip() for p in raw.split(",")):
        unit = _UNITS.get(part[-1:].lower(), 0) if part else 0
        number = part[:-1] if unit else part
        if not number.isdigit() or int(number) <= 0:
            raise ConfigurationError(f"{what}: {part!r} is not a delay such as 90s, 5m, 2h or "
                                     "1d; expected a comma-separated list")
        delays.append(int(number) * (unit or 1))
    if delays != sorted(delays):
        raise ConfigurationError(f"{what}: delays must not get shorter ({raw})")
    return tuple(delays)


def _secret_key(workspace: Path, env: Mapping[str, str]) -> str:
    if env.get("VERNLY_SECRET_KEY"):
        return env["VERNLY_SECRET_KEY"]
    key_file = workspace / ".vernly" / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    import secrets

    key = secrets.token_urlsafe(32)
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load_settings(
    workspace: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> Settings:
    """Build settings for a workspace from the environment (or the mapping given)."""
    env = dict(os.environ if env is None else env)
    ws = Path(workspace or env.get("VERNLY_WORKSPACE") or ".").resolve()
    default_db = f"sqlite:///{ws / '.vernly' / 'ledger.sqlite'}"
    now_raw = env.get("VERNLY_NOW")
    return Settings(
        workspace=ws,
        database_url=env.get("VERNLY_DATABASE_URL", default_db),
        now_override=now or (_parse_now(now_raw) if now_raw else None),
        smtp_host=env.get("VERNLY_SMTP_HOST", "127.0.0.1"),
        smtp_port=int(env.get("VERNLY_SMTP_PORT", "25")),
        mail_from=env.get("VERNLY_MAIL_FROM", "vernly@localhost"),
        smtp_starttls=env.get("VERNLY_SMTP_STARTTLS", "") in ("1", "true", "yes"),
        smtp_user=env.get("VERNLY_SMTP_USER", ""),
        smtp_password=env.get("VERNLY_SMTP_PASSWORD", ""),
        demo_outbox=env.get("VERNLY_DEMO_OUTBOX", "") == "1",
        public_url=env.get("VERNLY_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
        sms_gateway_url=env.get("VERNLY_SMS_GATEWAY_URL", ""),
        sms_gateway_token=env.get("VERNLY_SMS_GATEWAY_TOKEN", ""),
        sms_sender=env.get("VERNLY_SMS_SENDER", "vernly"),
        message_retry_delays=parse_delays(env.get("VERNLY_MESSAGE_RETRY_DELAYS",
                                                  "30s,2m,10m,1h,6h"),
                                          "VERNLY_MESSAGE_RETRY_DELAYS"),
        message_interval_seconds=int(env.get("VERNLY_MESSAGE_INTERVAL", "5")),
        sweep_interval_seconds=int(env.get("VERNLY_SWEEP_INTERVAL", "3600")),
        rate_limit_per_client=int(env.get("VERNLY_RATE_LIMIT_PER_CLIENT", "10")),
        request_retry_delays=parse_delays(env.get("VERNLY_REQUEST_RETRY_DELAYS",
                                                  "1m,5m,30m,2h,6h")),
        request_retry_interval_seconds=int(env.get("VERNLY_REQUEST_RETRY_INTERVAL", "60")),
        secret_key=_secret_key(ws, env) if (ws / POLICY_FILE).exists() else "",
        env=env,
        serve_worker=env.get("VERNLY_SERVE_WORKER", "1") != "0",
        package_link_days=int(env.get("VERNLY_PACKAGE_LINK_DAYS", "30")),
    )
