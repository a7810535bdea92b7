"""The data map page draws every activity, system and recipient of the policy as a linked box
in an SVG, with an edge for every use and the third-country recipients marked; it offers the
records of processing as XLSX, CSV and JSON, previews the notice in both languages with its
version and approval, and lists what `policy check` finds with the articles."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.console.conftest import HTML, sign_in
from vernly.policy.lint import lint
from vernly.policy.lint.transfers import EEA

SVG = "{http://www.w3.org/2000/svg}"


def _svg(page: str) -> ET.Element:
    found = re.search(r"<svg .*?</svg>", page, re.S)
    assert found, "no inline SVG on the page"
    return ET.fromstring(found.group(0))


def test_every_node_links_to_its_details_and_third_countries_are_marked(
        client: TestClient, tokens: dict[str, str]) -> None:
    sign_in(client, tokens["viewer"])
    page = client.get("/console/datamap", headers=HTML)
    assert page.status_code == 200
    svg = _svg(page.text)
    policy = client.app.state.policy.policy  # type: ignore[attr-defined]
    links = {a.get("href") for a in svg.iter(f"{SVG}a")}
    expected = ({f"/console/datamap/activity/{a.id}" for a in policy.activities}
                | {f"/console/datamap/system/{s.id}" for s in policy.systems}
                | {f"/console/datamap/recipient/{r.id}" for r in policy.recipients})
    assert links == expected
    marked = {a.get("data-id") for a in svg.iter(f"{SVG}a") if a.get("data-third-country")}
    # Independent of the renderer: a third country is a stated country outside the EEA.
    assert marked == {r.id for r in policy.recipients
                      if r.country != "not_stated" and r.country not in EEA}
    assert marked  # the example policy sends data to the United States
    drawn = {(p.get("data-from"), p.get("data-to")) for p in svg.iter(f"{SVG}path")}
    for activity in policy.activities:
        for system in activity.systems:
            assert (activity.id, system) in drawn
    for href in sorted(expected):
        assert client.get(href, headers=HTML).status_code == 200, href
    assert client.get("/console/datamap/system/nonexistent", headers=HTML).status_code == 404


def test_the_records_of_processing_download_in_three_formats(
        client: TestClient, tokens: dict[str, str]) -> None:
    sign_in(client, tokens["viewer"])
    policy = client.app.state.policy.policy  # type: ignore[attr-defined]
    as_json = client.get("/console/datamap/ropa.json?lang=en")
    assert as_json.status_code == 200
    assert json.loads(as_json.text)
    as_csv = client.get("/console/datamap/ropa.csv?lang=nb")
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert len(rows) > len([a for a in policy.activities if a.role.value == "controller"])
    as_xlsx = client.get("/console/datamap/ropa.xlsx?lang=nb")
    assert as_xlsx.headers["content-disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(as_xlsx.content))
    assert book.sheetnames and book.worksheets[0].max_row > 1
    assert client.get("/console/datamap/ropa.pdf").status_code == 404


def test_the_notice_is_previewed_in_both_languages_and_findings_name_articles(
        client: TestClient, tokens: dict[str, str]) -> None:
    sign_in(client, tokens["viewer"])
    loaded = client.app.state.policy  # type: ignore[attr-defined]
    page = client.get("/console/datamap", headers=HTML).text
    assert loaded.policy.notice.version in page
    assert loaded.policy.notice.approved_by.name in page
    nb = client.get("/console/datamap/notice/nb", headers=HTML).text
    en = client.get("/console/datamap/notice/en", headers=HTML).text
    assert 'lang="nb" id="notice-preview"' in nb and "Personvernerklæring" in nb
    assert 'lang="en" id="notice-preview"' in en and "Privacy notice" in en
    findings = page[page.index('id="findings"'):]
    for finding in lint(loaded):
        assert f'data-code="{finding.code}"' in findings
        assert finding.article in findings
