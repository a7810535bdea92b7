"""The request page shows the person's message and a rectification's changes, a timeline from
the audit log, and the e-mails an operator wrote to the person (sent over SMTP, kept on the
request); rejecting asks for confirmation first."""

from __future__ import annotations

import re
from dataclasses import replace
from email.header import decode_header, make_header

from fastapi.testclient import TestClient

from tests.console.conftest import HTML, csrf_of, sign_in, submit
from tests.support.mailbox import smtp_server


def _timeline(page: str) -> list[str]:
    section = page[page.index('id="timeline"'):]
    return re.findall(r'<li data-action="([^"]+)"', section)


def test_the_person_s_words_and_the_changes_asked_for_are_shown(
        client: TestClient, tokens: dict[str, str]) -> None:
    request_id = submit(client, "rectification", "ola.hansen@example.no",
                        details={"changes": {"phone": "+4798765432"},
                                 "message": "Nummeret mitt er nytt.\nGammelt: 912 34 567"})
    sign_in(client, tokens["viewer"])
    page = client.get(f"/console/requests/{request_id}", headers=HTML).text
    assert "Nummeret mitt er nytt.<br>Gammelt: 912 34 567" in page
    changes = page[page.index('id="changes"'):page.index("</table>", page.index('id="changes"'))]
    assert "<td>phone</td><td>+4798765432</td>" in changes
    assert _timeline(page) == ["request.received"]


def test_the_timeline_follows_verification_handover_messages_and_rejection(
        client: TestClient, tokens: dict[str, str]) -> None:
    with smtp_server() as mailbox:
        client.app.state.settings = replace(client.app.state.settings,  # type: ignore[attr-defined]
                                            smtp_port=mailbox.port)
        request_id = submit(client, "access", "kari.nordmann@example.no")
        sign_in(client, tokens["dpo"])
        page = client.get(f"/console/requests/{request_id}", headers=HTML).text
        token = csrf_of(page)
        client.post(f"/console/requests/{request_id}/verify", data={"csrf_token": token})
        client.post(f"/console/requests/{request_id}/take", data={"csrf_token": token})
        sent = client.post(f"/console/requests/{request_id}/message", data={
            "csrf_token": token, "subject": "Spørsmål om henvendelsen din",
            "body": "Hei Kari,\nhvilken avdeling gjelder det?"})
        assert sent.status_code == 200
        mails = mailbox.to("kari.nordmann@example.no")
        assert [str(make_header(decode_header(m["Subject"]))) for m in mails] == [
            "Spørsmål om henvendelsen din"]
        empty = client.post(f"/console/requests/{request_id}/message",
                            data={"csrf_token": token, "subject": "Tomt", "body": " "})
        assert empty.status_code == 422 and "body: write a message" in empty.text

        asked = client.post(f"/console/requests/{request_id}/reject",
                            data={"csrf_token": token, "reason": "Manifestly unfounded"})
        assert asked.status_code == 200 and "Reject request" in asked.text
        assert 'data-state="received"' not in asked.text
        still = client.get(f"/console/requests/{request_id}", headers=HTML).text
        assert 'data-state="verified"' in still  # nothing rejected until confirmed
        confirm = csrf_of(asked.text)
        client.post(f"/console/requests/{request_id}/reject", data={
            "csrf_token": confirm, "reason": "Manifestly unfounded", "confirmed": "yes"})

        page = client.get(f"/console/requests/{request_id}", headers=HTML).text
        assert 'data-state="rejected"' in page
        assert _timeline(page) == ["request.received", "request.verified", "request.assign",
                                   "request.message", "request.rejected"]
        messages = page[page.index('id="sent-messages"'):]
        assert "Spørsmål om henvendelsen din" in messages
        assert "hvilken avdeling gjelder det?" in messages


def test_the_page_reads_in_norwegian_when_chosen(client: TestClient,
                                                 tokens: dict[str, str]) -> None:
    request_id = submit(client, "erasure", "kari.nordmann@example.no")
    sign_in(client, tokens["viewer"])
    page = client.get(f"/console/requests/{request_id}", headers=HTML).text
    switched = client.post("/console/language", data={
        "csrf_token": csrf_of(page), "lang": "nb", "next": f"/console/requests/{request_id}"})
    assert switched.status_code == 200
    assert '<html lang="nb">' in switched.text
    assert "Henvendelse" in switched.text and "sletting" in switched.text
    assert re.search(r"\d+ dager igjen", switched.text)
    assert client.get("/console/requests", headers=HTML).text.count("Innboks") >= 2
