"""The banner's configuration comes from the policy's cookie table: categories, the services
and cookies in each with their lifetimes, texts in bokmål and English, HTML-escaped."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.consent.support import app_for


def test_categories_services_and_cookies_of_the_example_policy(
        sqlite_client: TestClient) -> None:
    client = sqlite_client
    nb = client.get("/consent/config.json?lang=nb").json()
    en = client.get("/consent/config.json?lang=en").json()
    cats = {c["id"]: c for c in nb["categories"]}

    assert list(cats) == ["strictly_necessary", "statistics", "marketing"]
    assert cats["strictly_necessary"]["necessary"] is True
    assert cats["marketing"]["sale"] is True and cats["statistics"]["sale"] is False
    assert {s["id"] for s in cats["statistics"]["services"]} == {"google_analytics",
                                                                 "google_tag_manager"}
    assert {s["name"] for s in cats["marketing"]["services"]} == {"Facebook-piksel",
                                                                  "LinkedIn Insight Tag"}
    ga = {k["name"]: k for k in cats["statistics"]["cookies"]}
    assert ga["_ga"]["pattern"] == "_ga_*" and ga["_ga"]["lifetime"] == "2 år"
    assert ga["_gid"]["lifetime"] == "24 timer" and ga["_gat"]["service"] == "google_analytics"
    assert {k["name"] for k in cats["strictly_necessary"]["cookies"]} == {".wmx",
                                                                          "vernly_consent"}
    assert nb["version"] == "2019-09-12" and nb["maxAge"] >= 365 * 86400
    assert nb["text"]["accept"] == "Godta alle" and en["text"]["accept"] == "Accept all"
    assert nb["text"]["reject"] == "Avvis alle" and en["text"]["reject"] == "Reject all"
    assert "statistikk og markedsføring" in nb["text"]["intro"]
    assert nb["api"].endswith("/api/v1/consent")


def test_policy_text_cannot_become_markup(workspace: Path) -> None:
    policy = workspace / "vernly.yaml"
    policy.write_text(policy.read_text().replace(
        "purpose: {nb: Forbedre nettstedet, en: Improve the website}",
        "purpose: {nb: \"Forbedre <b>nettstedet</b> & mer\", en: Improve the website}", 1))
    app = app_for(workspace, f"sqlite:///{workspace / 'ledger.sqlite'}")
    config = TestClient(app).get("/consent/config.json").json()
    stats = next(c for c in config["categories"] if c["id"] == "statistics")
    assert stats["cookies"][0]["purpose"] == "Forbedre &lt;b&gt;nettstedet&lt;/b&gt; &amp; mer"
    app.state.ledger.dispose()
