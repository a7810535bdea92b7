"""The banner's configuration, generated from the policy: categories, services and cookies
with lifetimes, and the banner's own texts, in one language per response.

Every text is HTML-escaped here, once, so the banner can place it with innerHTML and a
policy text with '<' or '&' can never become markup.
"""

from __future__ import annotations

from typing import Any

from babel.lists import format_list
from markupsafe import escape

from vernly.engine.consent.catalogue import Catalogue
from vernly.engine.consent.expiry import VALIDITY
from vernly.notices.i18n import BABEL_LOCALE, N_, tr

MAX_AGE_SECONDS = int(VALIDITY.approx_days()) * 86400
"""How long the banner's cookie (and so a choice) lives: the ledger's validity period."""

# The banner's own words: English msgids translated through the Babel catalogue
# (`vernly.notices.i18n`), like every fixed string of the pages.
UI_TEXT: dict[str, str] = {
    "title": N_("Cookies on this website"),
    "more": N_("Read more in the privacy notice"),
    "accept": N_("Accept all"),
    "reject": N_("Reject all"),
    "settings": N_("Customise"),
    "save": N_("Save choices"),
    "choose": N_("Choose which cookies you accept. Nothing is selected in advance."),
    "always": N_("Always on"),
    "details": N_("Services and cookies"),
    "gpc": N_("Your browser sends Global Privacy Control, so we have refused everything that "
              "is not necessary. You can still choose for yourself here."),
    "dnt": N_("Your browser sends Do Not Track, so we have refused everything that is not "
              "necessary. You can still choose for yourself here."),
}
INTRO = N_("We use necessary cookies to make the website work. With your consent we also use "
           "cookies for %(optional)s. It is your choice, and you can change or withdraw it at "
           "any time.")
NECESSARY_ONLY = N_("We use only necessary cookies, the ones the website needs to work.")
"""The banner's introduction when the cookie table has nothing that needs consent."""

CENTRE_COOKIES = {"nb": "/personvern/informasjonskapsler", "en": "/en/privacy/cookies"}
NOTICE = {"nb": "/personvern", "en": "/en/privacy"}


def banner_config(catalogue: Catalogue, lang: str, api_url: str, base: str = "") -> dict[str, Any]:
    """The JSON the banner reads (everything but the code: measured as 'texts')."""
    lang = "en" if lang == "en" else "nb"
    optional = [c.name.get(lang).lower() for c in catalogue.optional]
    text = {k: str(escape(tr(lang, v))) for k, v in UI_TEXT.items()}
    intro = (tr(lang, INTRO, optional=format_list(optional, locale=BABEL_LOCALE[lang]))
             if optional else tr(lang, NECESSARY_ONLY))
    text["intro"] = str(escape(intro))
    return {
        "version": catalogue.notice_version,
        "api": api_url,
        "centre": base + NOTICE[lang],
        "maxAge": MAX_AGE_SECONDS,
        "categories": [{
            "id": c.id,
            "necessary": c.necessary,
            "sale": c.sale_like,
            "name": str(escape(c.name.get(lang))),
            "description": str(escape(c.description.get(lang))),
            "services": [{"id": s.id, "name": str(escape(s.name))} for s in c.services],
            "cookies": [{"name": str(escape(k.name)),
                         "pattern": str(escape(k.pattern)) if k.pattern else None,
                         "service": k.service,
                         "lifetime": str(escape(k.lifetime_text.get(lang))),
                         "purpose": str(escape(k.purpose.get(lang)))} for k in c.cookies],
        } for c in catalogue.categories],
        "text": text,
    }
