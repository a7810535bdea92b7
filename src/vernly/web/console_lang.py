"""The console's language and formats: Norwegian or English, chosen by the operator.

A signed-in user's choice is stored on the user, so it follows them to any browser; the
switch in the console's header (`POST /console/language`) also sets a cookie, which decides
for operators and on the sign-in pages; without either the browser's Accept-Language
decides (Norwegian for nb, nn and no, English otherwise). Templates get `_()` bound to that
language and `fmt`, a `Formatter` for dates and durations in the controller's time zone.
"""

from __future__ import annotations

import functools
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from vernly.engine.actors import display_names
from vernly.errors import VernlyError
from vernly.notices.formatting import Formatter
from vernly.notices.i18n import install_translations
from vernly.policy.loader import LoadedPolicy
from vernly.policy.retention_clock import zone_for_country

COOKIE = "vernly_console_lang"
TEMPLATE_DIR = Path(__file__).parent / "templates"
_NORWEGIAN = ("nb", "nn", "no")


@functools.cache
def templates(lang: str) -> Jinja2Templates:
    """Console templates with `_()`/`ngettext()` bound to `lang`'s catalogue."""
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape())
    return Jinja2Templates(env=install_translations(env, lang))


def lang_of(request: Request) -> str:
    """The signed-in user's chosen language, else this browser's choice, else the browser's
    first preference we speak."""
    stored = getattr(getattr(request.state, "operator", None), "lang", None)
    if stored in ("nb", "en"):
        return str(stored)
    chosen = request.cookies.get(COOKIE)
    if chosen in ("nb", "en"):
        return chosen
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag[:2] in _NORWEGIAN:
            return "nb"
        if tag[:2] == "en":
            return "en"
    return "en"


def remember_for_user(request: Request, lang: str) -> None:
    """Store the choice on the signed-in user, if a user (not an operator token) is signed in."""
    from vernly.web.auth import current_operator, users_for

    try:
        principal = current_operator(request)
    except VernlyError:
        return  # not signed in (the sign-in pages): the cookie alone keeps the choice
    if principal.kind == "user":
        users_for(request.app).set_language(principal.id, lang)


def formatter(request: Request, lang: str) -> Formatter:
    """Dates and durations for `lang` in the controller's time zone, as of the app's now."""
    loaded: LoadedPolicy = request.app.state.policy
    zone = zone_for_country(loaded.policy.controller.address.country)
    return Formatter(lang, zone, request.app.state.settings.now())


class ActorNames(dict[str, str]):
    """Actors to the names the console shows: stored actors are first put in their shown form
    (`engine.actors.display_names`: a user's number becomes `user:<email>`, an old numbered
    operator `operator:<name>`), then any `operator:<name>` or `user:<email>` is shown by what
    follows the colon."""

    def get(self, actor: object, default: object = None) -> str:  # type: ignore[override]
        text = str(actor or "")
        shown = dict.get(self, text, text)  # the stored form, before names are taken out
        kind, _, rest = shown.partition(":")
        if kind in ("operator", "user") and rest:
            return rest
        if text in self:
            return shown
        return str(default if default is not None else text)


def actor_names(request: Request) -> ActorNames:
    """Stored actors of the app's ledger to the names the console shows."""
    return ActorNames(display_names(request.app.state.ledger))
