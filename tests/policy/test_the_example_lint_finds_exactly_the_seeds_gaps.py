"""On the seed's policy the linter finds the notice's real gaps, and nothing else.

Each expected finding was checked against the seed notice (Intility AS, 12.09.2019):
- no Art. 6 legal basis is stated for seven activities (1.3, 1.3.1, 1.4.4 x3, 1.5, Nettleser);
  1.4.1 is processing on behalf of customers, which rests on their basis (Art. 28);
- no retention is stated for visitor registrations, contact messages and server logs;
- Google, Facebook and LinkedIn receive data in the US; no transfer mechanism is stated;
- cookie ids, IP addresses and Facebook's hashed e-mails are called anonymised (1.3, 1.4.2,
  "Statistikk og analyse"), but they are pseudonymous;
- the countries of the transport, SMS, sub-processor, leasing, telecom and courier recipients
  are not stated (warnings);
- 1.4.2 marketing relies on cookies, but the cookie table lists none for marketing (warning);
- return cases reference webshop orders from another database, so the 5-year order deletion
  cannot take them along (the retention compiler's warning).
"""

from __future__ import annotations

from pathlib import Path

from vernly.policy.lint import Severity, lint
from vernly.policy.loader import load_example

EXPECTED = {
    *{("VL101", a) for a in ("website_statistics", "webshop_orders", "visitor_registration",
                             "cctv", "contact", "partner_sharing", "server_logs")},
    *{("VL201", a) for a in ("visitor_registration", "contact", "server_logs")},
    *{("VL301", r) for r in ("google", "facebook", "linkedin")},
    *{("VL302", r) for r in ("transport_companies", "sms_provider", "sub_processors",
                             "leasing_companies", "telecom_operators", "couriers")},
    ("VL501", "website_statistics"),
    ("VL501", "sales_marketing"),
    ("VL603", "sales_marketing"),
}


def test_the_example_lint_finds_exactly_the_expected_gaps() -> None:
    findings = lint(load_example())
    assert {(f.code, f.subject) for f in findings} == EXPECTED


def test_every_pseudonymous_identifier_called_anonymised_is_named() -> None:
    findings = [f for f in lint(load_example()) if f.code == "VL501"]
    assert sorted((f.activity, f.category) for f in findings) == [
        ("sales_marketing", "user.device.cookie_id"),
        ("website_statistics", "user.contact.email.hashed"),
        ("website_statistics", "user.device.cookie_id"),
        ("website_statistics", "user.device.ip_address"),
    ]


def test_only_the_unstated_countries_and_the_cookie_gap_are_mere_warnings() -> None:
    severities = {(f.code, f.severity) for f in lint(load_example())}
    assert {code for code, s in severities if s != Severity.error} == {"VL302", "VL603"}


def test_each_finding_points_into_the_file_and_cites_the_law() -> None:
    loaded = load_example()
    lines = Path(loaded.source).read_text(encoding="utf-8").splitlines()
    for finding in lint(loaded):
        assert finding.article
        assert 1 <= finding.line <= len(lines)
        assert lines[finding.line - 1][finding.column - 1:].strip()
