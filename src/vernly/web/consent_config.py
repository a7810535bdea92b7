"""The banner's configuration, generated from the policy: categories, services and cookies
with lifetimes, and the banner's own texts, in one language per response.

Every text is HTML-escaped here, once, so the banner can place it with innerHTML and a
policy text with '<' or '&' can never become markup.
"""

from __future__ import annotations

from typing import Any

from markupsafe import escape

from vernly.engine.consent.catalogue import Catalogue
from vernly.engine.consent.expiry import VALIDITY

MAX_AGE_SECONDS = int(VALIDITY.approx_days()) * 86400
"""How long the banner's cookie (and so a choice) lives: the ledger's validity period."""

UI_TEXT: dict[str, dict[str, str]] = {
    "nb": {
        "title": "Informasjonskapsler",
        "intro": "Vi bruker nødvendige informasjonskapsler for at nettstedet skal virke. "
                 "Med ditt samtykke bruker vi også informasjonskapsler til {optional}. "
                 "Du velger selv, og du kan endre eller trekke tilbake valget når som helst.",
        "more": "Les mer i personvernerklæringen",
        "accept": "Godta alle",
        "reject": "Avvis alle",
        "settings": "Tilpass",
        "save": "Lagre valgene",
        "choose": "Velg hvilke informasjonskapsler du godtar. Ingenting er valgt på forhånd.",
        "always": "Alltid på",
        "details": "Tjenester og informasjonskapsler",
        "gpc": "Nettleseren din sender Global Privacy Control. Vi har derfor avvist alt som "
               "ikke er nødvendig. Du kan likevel velge selv her.",
        "dnt": "Nettleseren din sender «Do Not Track». Vi har derfor avvist alt som ikke er "
               "nødvendig. Du kan likevel velge selv her.",
        "and": "og",
    },
    "en": {
        "title": "Cookies",
        "intro": "We use necessary cookies to make the website work. With your consent we "
                 "also use cookies for {optional}. It is your choice, and you can change or "
                 "withdraw it at any time.",
        "more": "Read more in the privacy notice",
        "accept": "Accept all",
        "reject": "Reject all",
        "settings": "Customise",
        "save": "Save choices",
        "choose": "Choose which cookies you accept. Nothing is selected in advance.",
        "always": "Always on",
        "details": "Services and cookies",
        "gpc": "Your browser sends Global Privacy Control, so we have refused everything that "
               "is not necessary. You can still choose for yourself here.",
        "dnt": "Your browser sends Do Not Track, so we have refused everything that is not "
               "necessary. You can still choose for yourself here.",
        "and": "and",
    },
}

NECESSARY_ONLY = {
    "nb": "Vi bruker bare nødvendige informasjonskapsler, de som trengs for at nettstedet "
          "skal virke.",
    "en": "We use only necessary cookies, the ones the website needs to work.",
}
"""The banner's introduction when the cookie table has nothing that needs consent."""

CENTRE_COOKIES = {"nb": "/personvern/informasjonskapsler", "en": "/en/privacy/cookies"}
NOTICE = {"nb": "/personvern", "en": "/en/privacy"}


def _join(names: list[str], word: str) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {word} " + names[-1]


def banner_config(catalogue: Catalogue, lang: str, api_url: str, base: str = "") -> dict[str, Any]:
    """The JSON the banner reads (everything but the code: measured as 'texts')."""
    lang = "en" if lang == "en" else "nb"
    ui = UI_TEXT[lang]
    optional = [c.name.get(lang).lower() for c in catalogue.optional]
    text = {k: str(escape(v)) for k, v in ui.items() if k != "and"}
    intro = (ui["intro"].format(optional=_join(optional, ui["and"])) if optional
             else NECESSARY_ONLY[lang])
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
