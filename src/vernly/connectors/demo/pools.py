"""Pools of synthetic Norwegian values, drawn once from Faker and then combined.

Calling Faker per row would make a ten-million-row demo take an hour; a few thousand draws
up front, combined at random, look just as real.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker

LOCALE = "no_NO"
"""Faker's Norwegian (bokmål) locale; Faker names it no_NO."""

CARRIERS = ("Bring", "PostNord", "DHL Express", "Schenker")
CAMERAS = ("inngang", "sluse", "resepsjon", "lasterampe", "garasjeinnkjoring", "garasje")
FREE_DOMAINS = ("gmail.com", "online.no", "hotmail.com", "outlook.com", "icloud.com")
PRODUCTS = (
    ("Bærbar PC 14\"", 14990.0), ("Bærbar PC 16\"", 21990.0), ("Dokkingstasjon USB-C", 2490.0),
    ("Skjerm 27\"", 3990.0), ("Skjerm 34\" buet", 6490.0), ("Trådløs mus", 490.0),
    ("Tastatur, norsk", 890.0), ("Headset med mikrofon", 1790.0), ("Webkamera HD", 1190.0),
    ("USB-C-lader 65W", 590.0), ("Mobiltelefon", 9990.0), ("Nettbrett", 6990.0),
    ("Skjermkabel HDMI", 190.0), ("Ryggsekk for PC", 790.0), ("Konferansehøyttaler", 3490.0),
    ("Tyverisikring", 290.0), ("Skjermfilter personvern", 690.0), ("Ekstra batteri", 1490.0),
)
EVENTS = (
    "Intility Summit", "Kurs: Microsoft 365 for administratorer", "Seminar: Sikkerhet i skyen",
    "Frokostseminar: Nullstillingsangrep", "Kurs: Teams for ledere",
    "Seminar: Personvern i praksis", "Kurs: Intune og enhetsstyring",
    "Webinar: Nettverk for kontoret", "Seminar: IT-drift for vekstbedrifter",
)
INDUSTRIES = ("Finans", "Eiendom", "Bygg og anlegg", "Helse", "Offentlig sektor", "Energi",
              "Handel", "Advokat og rådgivning", "Industri", "Transport og logistikk", "Media")
POSITIONS = ("IT-sjef", "Daglig leder", "Økonomisjef", "Systemansvarlig", "Rådgiver",
             "Prosjektleder", "Innkjøpsansvarlig", "Driftsleder", "HR-sjef", "Konsulent",
             "Utvikler", "Kontorleder")
SUBJECTS = ("Spørsmål om faktura", "Tilbud på IT-drift", "Endring av kontaktperson",
            "Spørsmål om levering", "Henvendelse om kurs", "Avtale og priser", "Reklamasjon")
BODIES = (
    "Hei, vi lurer på hvordan vi kommer i gang. Kan dere ringe meg?",
    "Hei, fakturaen stemmer ikke med avtalen vår. Kan dere se på den?",
    "Vi ønsker et tilbud for 40 arbeidsplasser. Ta gjerne kontakt.",
    "Pakken er ikke kommet fram. Hva er status på leveransen?",
    "Kan jeg melde på en kollega til kurset i neste måned?",
)
RETURN_REASONS = ("Feil vare levert", "Varen er skadet", "Angrer kjøpet", "Defekt ved levering",
                  "Garantisak: slutter å virke", "Feil størrelse på skjerm")
RETURN_STATUS = ("åpen", "lukket", "kreditert")
PAGES = ("/", "/om-oss", "/kontakt", "/butikk", "/butikk/pc", "/butikk/skjermer", "/kurs",
         "/kurs/pamelding", "/jobb", "/personvern", "/nyheter", "/nyheter/sikkerhet",
         "/plattformen", "/kundehistorier", "/assets/app.js", "/assets/style.css")
AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
    "like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36 Edg/124.0",
)
REFERERS = ("-", "https://www.google.com/", "https://www.bing.com/", "https://www.linkedin.com/",
            "https://www.intility.no/")


def slug(text: str) -> str:
    """'Øyvind Ås' -> 'oyvindaas': the part of an e-mail address a name becomes."""
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", text)


@dataclass(frozen=True)
class Company:
    name: str
    address: str
    domain: str


@dataclass(frozen=True)
class Pools:
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    companies: tuple[Company, ...]
    streets: tuple[str, ...]
    hosts: tuple[str, ...]
    schools: tuple[str, ...]
    events: tuple[tuple[str, date], ...]


def make_pools(seed: int, today: date) -> Pools:
    fake = Faker(LOCALE)
    fake.seed_instance(seed)
    firsts = tuple(dict.fromkeys(
        [fake.first_name_female() for _ in range(250)] + [fake.first_name_male()
                                                          for _ in range(250)]))
    lasts = tuple(dict.fromkeys(fake.last_name() for _ in range(400)))
    streets = tuple(f"{fake.street_address()}, {fake.postcode()} {fake.city()}"
                    for _ in range(1500))
    companies = []
    for _ in range(300):
        name = fake.company()
        words = [slug(w) for w in re.split(r"[\s,&-]+", name) if w not in ("AS", "ASA", "BA", "og")]
        base = "-".join(w for w in words[:2] if w) or "firma"
        companies.append(Company(name, f"{fake.street_address()}, {fake.postcode()} "
                                       f"{fake.city()}", f"{base[:24]}.no"))
    hosts = tuple(f"{fake.first_name()} {fake.last_name()}" for _ in range(40))
    schools = tuple(dict.fromkeys(f"{fake.city()} videregående skole" for _ in range(60)))
    events = []
    for i in range(48):
        # From three years back to three months ahead, one every three weeks or so.
        when = today - timedelta(days=3 * 365) + timedelta(days=i * 24 + fake.random_int(0, 9))
        events.append((f"{EVENTS[i % len(EVENTS)]} {when.year}", when))
    return Pools(firsts, lasts, tuple(companies), streets, hosts, schools, tuple(events))
