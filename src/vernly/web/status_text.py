"""What the person's status page says in each state of a request: one headline and a few
plain sentences saying what is happening, what we wait for and until when. The same words
for the same state everywhere (the page and the e-mails use these msgids)."""

from __future__ import annotations

from dataclasses import dataclass, field

from vernly.engine.requests.verification import CODE_TTL
from vernly.engine.requests.views import RequestView
from vernly.notices.access_report import processor_of
from vernly.notices.i18n import N_, tr
from vernly.notices.local_time import local_datetime, local_day
from vernly.policy.models import Policy

READY_KINDS = ("access", "portability")
"""Requests whose answer is a package to download."""

_REJECTED_REASONS = {  # reasons the engine itself writes, in words for the person
    "too many wrong verification codes": N_("The code was entered wrong too many times. "
                                            "Send the request again to get a new code."),
}
_DONE = {
    "access": N_("Your data is ready"),
    "portability": N_("Your data is ready"),
}


@dataclass(frozen=True)
class StatusText:
    """The page's words for one request."""

    state: str
    """received, working, waiting, retrying, ready, done or rejected."""
    headline: str
    lines: list[str] = field(default_factory=list)


def status_text(view: RequestView, policy: Policy, lang: str) -> StatusText:
    """The headline and sentences for `view` in `lang`."""
    deadline = local_day(view.deadline_at, policy, lang)
    answer_by = tr(lang, "You will get an answer by %(deadline)s at the latest.",
                   deadline=deadline)
    if view.state == "received":
        minutes = int(CODE_TTL.total_seconds() // 60)
        return StatusText("received", tr(lang, "Confirm your e-mail address"), [
            tr(lang, "We have sent a code to the e-mail address you gave. Enter it below "
                     "within %(minutes)d minutes. We do nothing with your request until you "
                     "have done so.", minutes=minutes),
            tr(lang, "No e-mail? Look in your spam folder, or ask for a new code.")])
    if view.state == "rejected":
        reason = view.rejected_reason or ""
        said = tr(lang, _REJECTED_REASONS[reason]) if reason in _REJECTED_REASONS else reason
        lines = [tr(lang, "Reason: %(reason)s", reason=said)] if said else []
        return StatusText("rejected", tr(lang, "Your request was rejected"), lines)
    if view.state == "completed":
        if view.kind in READY_KINDS and view.package_path:
            return StatusText("ready", tr(lang, _DONE[view.kind]), [
                tr(lang, "Download it below: one zip file with a report in Norwegian and "
                         "English and your data in machine-readable form.")])
        return StatusText("done", tr(lang, "Your request is complete"), [
            tr(lang, "We have carried out your request and sent you an e-mail about it.")])
    tasks = [t for t in view.tasks if t.done_at is None]
    if tasks:
        lines = [tr(lang, "%(processor)s holds some of your data for us and has been asked "
                          "to answer by %(due)s.",
                    processor=processor_of(policy, t.system_id, t.owner, lang),
                    due=local_day(t.due_at, policy, lang)) for t in tasks]
        if view.package_path:
            lines.append(tr(lang, "What we have found so far is ready to download below."))
        lines.append(tr(lang, "We will e-mail you when your request is complete, by "
                              "%(deadline)s at the latest.", deadline=deadline))
        return StatusText("waiting", tr(lang, "Waiting for an answer from a processor"),
                          lines)
    if view.waiting_on:
        lines = [tr(lang, "One of our systems did not answer. We try again automatically.")]
        if view.next_attempt_at is not None:
            lines.append(tr(lang, "Next attempt: %(when)s.",
                            when=local_datetime(view.next_attempt_at, policy, lang)))
        return StatusText("retrying", tr(lang, "We are handling your request"),
                          [*lines, answer_by])
    return StatusText("working", tr(lang, "We are handling your request"), [
        tr(lang, "You have confirmed your e-mail address, and we are carrying out the "
                 "request."), answer_by])

