"""The banner's code (JS + CSS) weighs at most 6 KB gzip as the server actually sends it;
the policy's texts and cookie list are measured and printed separately."""

from __future__ import annotations

import gzip

from fastapi.testclient import TestClient

BUDGET = 6144


def _served_gzip(client: TestClient, path: str) -> tuple[bytes, bytes]:
    with client.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as response:
        assert response.status_code == 200
        assert response.headers["content-encoding"] == "gzip"
        raw = b"".join(response.iter_raw())
    return raw, gzip.decompress(raw)


def test_banner_code_fits_the_budget_and_texts_are_reported(sqlite_client: TestClient) -> None:
    client = sqlite_client
    js_gz, js = _served_gzip(client, "/consent/banner.js")
    css_gz, css = _served_gzip(client, "/consent/banner.css")
    code = len(js_gz) + len(css_gz)
    together = len(gzip.compress(js + css, compresslevel=9))
    texts = {lang: client.get(f"/consent/config.json?lang={lang}").content for lang in ("nb", "en")}
    texts_gz = {lang: len(gzip.compress(body, compresslevel=9)) for lang, body in texts.items()}

    print(f"\nbanner code as served (gzip): banner.js {len(js_gz)} B + banner.css {len(css_gz)} B"
          f" = {code} B (one gzip stream: {together} B; raw {len(js) + len(css)} B); "
          f"budget {BUDGET} B")
    for lang in ("nb", "en"):
        print(f"policy texts + cookie list config.json?lang={lang}: {len(texts[lang])} B raw, "
              f"{texts_gz[lang]} B gzip")

    assert js.startswith(b"/*") and b"vernly_consent" in js
    assert b".vc" in css
    assert code <= BUDGET, f"banner code is {code} B gzip, over the {BUDGET} B budget"


def test_banner_code_is_cacheable_by_its_hash(sqlite_client: TestClient) -> None:
    client = sqlite_client
    plain = client.get("/consent/banner.js")
    etag = plain.headers["etag"]
    assert "max-age=3600" in plain.headers["cache-control"]
    versioned = client.get(f"/consent/banner.js?v={etag.strip(chr(34))}")
    assert "immutable" in versioned.headers["cache-control"]
    again = client.get("/consent/banner.js", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
