"""Handing one message to the SMTP server or the SMS gateway.

A transport raises `Undelivered` when the message did not go: `permanent` when trying again
cannot help (the server refused the address), otherwise it is tried again later. Errors
name the server and what went wrong, never the recipient or the text.
"""

from __future__ import annotations

import hashlib
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import Protocol

from vernly.ledger.messages import OutboxMessage
from vernly.settings import Settings

TIMEOUT_SECONDS = 15


class Undelivered(Exception):
    """The message was not handed over."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


class Transport(Protocol):
    def send(self, message: OutboxMessage) -> None: ...


def idempotency_key(message: OutboxMessage) -> str:
    """Stable for the message's event, so a repeat after a crash can be recognised."""
    return hashlib.sha256(f"vernly-message:{message.event}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Smtp:
    """Plain SMTP to `VERNLY_SMTP_HOST:VERNLY_SMTP_PORT` (STARTTLS and login when set)."""

    settings: Settings

    def send(self, message: OutboxMessage) -> None:
        s = self.settings
        email = EmailMessage()
        email["From"] = s.mail_from
        email["To"] = message.recipient
        if message.reply_to:
            email["Reply-To"] = message.reply_to
        email["Subject"] = message.subject
        email["Date"] = formatdate(localtime=False)
        # The same Message-ID for every attempt: a mail system that got it twice can tell.
        email["Message-ID"] = f"<{idempotency_key(message)}@vernly.outbox>"
        email.set_content(message.body)
        try:
            with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=TIMEOUT_SECONDS) as smtp:
                if s.smtp_starttls:
                    smtp.starttls()
                if s.smtp_user:
                    smtp.login(s.smtp_user, s.smtp_password)
                smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused:
            raise Undelivered(f"SMTP {s.smtp_host}:{s.smtp_port} refused the recipient",
                              permanent=True) from None
        except smtplib.SMTPResponseException as exc:
            raise Undelivered(f"SMTP {s.smtp_host}:{s.smtp_port} answered {exc.smtp_code}",
                              permanent=500 <= exc.smtp_code < 600) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise Undelivered(f"SMTP {s.smtp_host}:{s.smtp_port} not reachable "
                              f"({type(exc).__name__})") from None


@dataclass(frozen=True)
class SmsGateway:
    """An HTTP SMS gateway: `POST {VERNLY_SMS_GATEWAY_URL}` with a JSON body
    `{"to": "+47…", "from": sender, "text": …, "reference": …}`, bearer token
    `VERNLY_SMS_GATEWAY_TOKEN`, and an `Idempotency-Key` header the gateway uses to drop a
    repeat. Any 2xx is accepted; 4xx other than 408 and 429 is permanent."""

    settings: Settings

    def send(self, message: OutboxMessage) -> None:
        import httpx

        s = self.settings
        if not s.sms_gateway_url:
            raise Undelivered("no SMS gateway configured (VERNLY_SMS_GATEWAY_URL)")
        headers = {"Idempotency-Key": idempotency_key(message)}
        if s.sms_gateway_token:
            headers["Authorization"] = f"Bearer {s.sms_gateway_token}"
        payload = {"to": message.recipient, "from": s.sms_sender, "text": message.body,
                   "reference": str(message.id)}
        host = httpx.URL(s.sms_gateway_url).host
        try:
            answer = httpx.post(s.sms_gateway_url, json=payload, headers=headers,
                                timeout=TIMEOUT_SECONDS)
        except httpx.HTTPError as exc:
            raise Undelivered(f"SMS gateway {host} not reachable ({type(exc).__name__})") from None
        if answer.is_success:
            return
        code = answer.status_code
        raise Undelivered(f"SMS gateway {host} answered {code}",
                          permanent=400 <= code < 500 and code not in (408, 429))


def transport_for(channel: str, settings: Settings) -> Transport:
    return SmsGateway(settings) if channel == "sms" else Smtp(settings)
