"""A company whose cookie table holds only strictly necessary cookies still gets a banner
configuration (and so a privacy centre) that says so, not a server error."""

from __future__ import annotations

from tests.policy.support import minimal
from vernly.engine.consent.catalogue import build_catalogue
from vernly.policy.models import Policy
from vernly.web.consent_config import banner_config


def test_the_introduction_says_only_necessary_cookies_are_used() -> None:
    policy = Policy.model_validate(minimal())
    assert all(c.category == "strictly_necessary" for c in policy.cookies)
    catalogue = build_catalogue(policy)
    nb = banner_config(catalogue, "nb", "/api/v1/consent")
    en = banner_config(catalogue, "en", "/api/v1/consent")
    assert nb["text"]["intro"].startswith("Vi bruker bare nødvendige informasjonskapsler")
    assert en["text"]["intro"].startswith("We use only necessary cookies")
    assert [c["id"] for c in nb["categories"]] == ["strictly_necessary"]
