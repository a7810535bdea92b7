"""The Norwegian HTML notice rendered from the example policy states every fact of the seed."""

from __future__ import annotations

import pytest

from tests.notices.support import headings, tables, text_of
from vernly.notices.render import render_notice
from vernly.policy.loader import load_example

SEED_FACTS_NB = [
    # title, date and controller (1.1)
    "Personvernerklæring", "Sist oppdatert: 12. september 2019",
    "privacy@intility.no", "org.nr. 981 967 070", "Schweigaards gate 39, 0191 Oslo",
    "+47 24 10 33 00", "https://www.intility.no/trust-center",
    "Denne personvernerklæringen oppdateres fortløpende.",
    # 1.2 goals
    "Hindre tap av data og misbruk av personopplysninger", "Sikre identitet og tilgangskontroll",
    "Installere og vedlikeholde robuste, tilgjengelige og sikre systemer og tjenester",
    "Etablere klare roller og ansvar for arbeidet med informasjonssikkerhet og personvern",
    "Sørge for kunnskap og bevisstgjøring om personvern i organisasjonen",
    # 1.3 websites, cookies, DNT
    "www.intility.no («nettstedet») og webshop.intility.no («nettbutikken»)",
    "Informasjonskapsler (cookies) er små tekstfiler", "«Do Not Track» (DNT)-funksjonen",
    "Utarbeide statistikk", "internettleverandør (ISP)",
    # 1.3.1 webshop
    "navn", "telefonnummer", "e-postadresse", "firmanavn", "firmaadresse",
    "fem år", "bokføringsloven § 13", "WebMercs (Data Design AS) (databehandler, Norge)",
    "Transportfirma (selvstendig behandlingsansvarlig)",
    # 1.4.x
    "Intilitys kunder (arbeidsgiveren din)", "som er behandlingsansvarlig",
    "opprette brukerkontoer", "målgrupper for markedsføring og markedsanalyser",
    "hvilken bransje de kommer fra", "Varsle personen du skal møte",
    "SMS-leverandør (databehandler)",
    "inngangsdør, sluse, resepsjon, fasade ved lasterampe, nedkjørsel til garasje og inne i "
    "garasjen", "Opptakene blir slettet etter 7 dager.", "Svare på henvendelser via kontaktskjema",
    "praksis- og lærlingeplass", "Opplysningene slettes etter 12 måneder.",
    "Den enkleste måten å gjøre dette på er å sende en e-post til privacy@intility.no",
    "navnelister fra skolen", "Questback AS",
    "Personopplysningene lagres hos Questback AS i 24 måneder før de slettes automatisk.",
    # 1.5 recipients
    "Underdatabehandlere", "Leasingselskaper", "Bredbånds- og teleoperatører", "Budtjenester",
    # 1.6 rights
    "Innsyn i personopplysningene (personvernforordningen art. 15)",
    "Retting (personvernforordningen art. 16)", "Sletting (personvernforordningen art. 17)",
    "Begrensning av behandlingen (personvernforordningen art. 18)",
    "Protest mot behandlingen (personvernforordningen art. 21)",
    "Dataportabilitet (personvernforordningen art. 20)",
    "Trekke tilbake samtykke (personvernforordningen art. 7 nr. 3)",
    # 1.7-1.9
    "beskyttes mot tap, ødeleggelse, korrupsjon eller uautorisert tilgang",
    "frem til du trekker samtykket", "klage på vår behandling av personopplysninger til "
    "Datatilsynet", "www.datatilsynet.no",
    # browser, statistics, sharing, deleting cookies
    "hvilken nettleser og versjon du bruker, og din IP-adresse", "Google Analytics",
    "Google Tag Manager", "Facebook-piksel", "LinkedIn Insight Tag",
    "anonymisert innen syv dager, før de slettes innen 90 dager",
    "https://policies.google.com/technologies/partner-sites", "https://myaccount.google.com",
    "Intility selger ikke den informasjonen", "Du kan slette informasjonskapsler",
    # approval
    "Godkjent av Andreas Hisdal, 12.09.2019 administrerende direktør Intility AS",
]

ISSUE_STRINGS = ["981 967 070", "privacy@intility.no", "7 dager", "12 måneder", "24 måneder",
                 "fem år", "_ga", "_gid", "_gat", ".wmx", "Datatilsynet", "Questback"]

SECTIONS_IN_ORDER = [
    "1.1 Introduksjon", "1.2 Mål for personvernarbeidet",
    "1.3 Informasjon om bruk av våre nettsteder", "1.4 Behandling av andre personopplysninger",
    "1.5 Hvem vi utleverer personopplysninger til", "1.6 Dine rettigheter",
    "1.7 Hvordan vi sikrer dine personopplysninger", "1.8 Oppbevaring av personopplysningene",
    "1.9 Klage", "Informasjonskapsler (cookies)", "Nettleser", "Statistikk og analyse",
    "Deling av din informasjon", "Sletting av informasjonskapsler", "Godkjent av",
]

SUBSECTIONS_IN_ORDER = ["1.3.1 Intility Webshop", "1.4.1 Kundebehandling", "1.4.2 Salg og",
                        "1.4.3 Kurs og seminarer", "1.4.4 Besøksregistrering",
                        "1.4.5 Skolebesøk", "1.4.6 Brukerundersøkelser"]


@pytest.fixture(scope="module")
def nb_html() -> str:
    return render_notice(load_example(), "nb", "html")


@pytest.mark.parametrize("fact", SEED_FACTS_NB + ISSUE_STRINGS)
def test_the_norwegian_notice_states_the_seed_fact(nb_html: str, fact: str) -> None:
    assert fact in text_of(nb_html)


def test_the_sections_follow_the_seed_in_order(nb_html: str) -> None:
    found = headings(nb_html, "h2")
    positions = [next(i for i, h in enumerate(found) if h == s) for s in SECTIONS_IN_ORDER]
    assert positions == sorted(positions)


def test_the_activity_subsections_follow_the_seed_in_order(nb_html: str) -> None:
    found = headings(nb_html, "h3")
    positions = [next(i for i, h in enumerate(found) if h.startswith(s))
                 for s in SUBSECTIONS_IN_ORDER]
    assert positions == sorted(positions)


def test_the_cookie_table_has_the_seeds_columns_site_headings_and_rows(nb_html: str) -> None:
    cookie_table = next(t for t in tables(nb_html) if t[0][0] == "Informasjonskapsel")
    assert cookie_table == [
        ["Informasjonskapsel", "Formål", "Egenskaper/informasjon som lagres",
         "Behandlingsansvarlig", "Databehandler", "Lagringstid"],
        ["Generelt for våre nettsteder"],
        ["_ga", "Forbedre nettstedet", "Brukes til å skille brukere.", "Intility AS",
         "Google Analytics", "2 år"],
        ["_gat", "Forbedre nettstedet", "Brukes for å begrense trafikken til Google Analytics.",
         "Intility AS", "Google Analytics", "10 min"],
        ["_gid", "Forbedre nettstedet", "Brukes til å skille brukere.", "Intility AS",
         "Google Analytics", "24 timer"],
        ["Intility Webshop"],
        [".wmx", "Grunnleggende funksjonalitet i nettbutikken.",
         "Øktkapsel (session cookie) som husker handlekurven, språket og sorteringen i lister.",
         "Intility AS", "WebMercs (Data Design AS)", "14 dager"],
    ]


def test_the_document_is_a_complete_accessible_page(nb_html: str) -> None:
    assert nb_html.startswith("<!DOCTYPE html>")
    assert '<html lang="nb">' in nb_html
    assert '<meta name="viewport"' in nb_html and "<style>" in nb_html
    assert '<main id="content">' in nb_html and 'href="#content"' in nb_html
    assert '<th scope="col">' in nb_html and "<caption>" in nb_html
    assert headings(nb_html, "h1") == ["Personvernerklæring"]
