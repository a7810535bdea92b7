"""Words and addresses of the public privacy centre, in bokmål and English.

Paths are kept per language so every page links to its twin in the other language.
"""

from __future__ import annotations

from vernly.policy.models import RightKind

PATHS: dict[str, dict[str, str]] = {
    "nb": {"notice": "/personvern", "centre": "/personvern/sentrum",
           "rights": "/personvern/rettigheter", "cookies": "/personvern/informasjonskapsler",
           "consent": "/personvern/samtykke", "status": "/personvern/status"},
    "en": {"notice": "/en/privacy", "centre": "/en/privacy/centre",
           "rights": "/en/privacy/rights", "cookies": "/en/privacy/cookies",
           "consent": "/en/privacy/consent", "status": "/en/privacy/status"},
}

RIGHT_SLUGS: dict[str, dict[RightKind, str]] = {
    "nb": {RightKind.access: "innsyn", RightKind.rectification: "retting",
           RightKind.erasure: "sletting", RightKind.restriction: "begrensning",
           RightKind.objection: "protest", RightKind.portability: "dataportabilitet",
           RightKind.withdraw_consent: "trekk-samtykke"},
    "en": {RightKind.access: "access", RightKind.rectification: "rectification",
           RightKind.erasure: "erasure", RightKind.restriction: "restriction",
           RightKind.objection: "objection", RightKind.portability: "portability",
           RightKind.withdraw_consent: "withdraw-consent"},
}

RIGHTS: dict[str, dict[RightKind, tuple[str, str]]] = {
    "nb": {
        RightKind.access: ("Innsyn", "Få vite hvilke opplysninger vi har om deg, hvorfor, hvem "
                           "som får dem og hvor lenge vi lagrer dem, og få en kopi."),
        RightKind.rectification: ("Retting", "Få rettet opplysninger om deg som er feil."),
        RightKind.erasure: ("Sletting", "Få slettet opplysninger om deg. Opplysninger vi er "
                            "pålagt å oppbevare (for eksempel etter bokføringsloven) slettes "
                            "når plikten opphører."),
        RightKind.restriction: ("Begrensning", "Be oss om å lagre opplysningene, men ikke bruke "
                                "dem til noe annet, for eksempel mens en uenighet avklares."),
        RightKind.objection: ("Protest", "Protestere mot behandling vi gjør på grunnlag av "
                              "berettiget interesse. Protest mot direkte markedsføring gjelder "
                              "alltid."),
        RightKind.portability: ("Dataportabilitet", "Få opplysningene du selv har gitt oss i et "
                                "maskinlesbart format, for å ta dem med til noen andre."),
        RightKind.withdraw_consent: ("Trekke tilbake samtykke", "Trekke tilbake et samtykke du "
                                     "har gitt, for eksempel til kurs og seminarer, skolebesøk "
                                     "eller brukerundersøkelser."),
    },
    "en": {
        RightKind.access: ("Access", "Find out which data we hold about you, why, who receives "
                           "it and how long we keep it, and get a copy."),
        RightKind.rectification: ("Rectification", "Have incorrect data about you corrected."),
        RightKind.erasure: ("Erasure", "Have data about you deleted. Data we must keep by law "
                            "(for example under the Bookkeeping Act) is deleted when that duty "
                            "ends."),
        RightKind.restriction: ("Restriction", "Ask us to keep the data but not use it for "
                                "anything else, for example while a disagreement is settled."),
        RightKind.objection: ("Objection", "Object to processing we base on legitimate "
                              "interest. An objection to direct marketing always applies."),
        RightKind.portability: ("Portability", "Receive the data you gave us in a "
                                "machine-readable format, to take it elsewhere."),
        RightKind.withdraw_consent: ("Withdraw consent", "Withdraw a consent you have given, "
                                     "for example for courses and seminars, school visits or "
                                     "user surveys."),
    },
}

RECTIFY_FIELDS: list[tuple[str, dict[str, str]]] = [
    ("user.name", {"nb": "Riktig navn", "en": "Correct name"}),
    ("user.contact.phone_number", {"nb": "Riktig mobilnummer", "en": "Correct mobile number"}),
    ("user.contact.email", {"nb": "Riktig e-postadresse", "en": "Correct e-mail address"}),
    ("user.contact.organization", {"nb": "Riktig firmanavn", "en": "Correct company name"}),
    ("user.contact.organization.address", {"nb": "Riktig firmaadresse",
                                           "en": "Correct company address"}),
]

STATES: dict[str, dict[str, str]] = {
    "nb": {"received": "Venter på bekreftelse av e-postadressen",
           "verified": "Bekreftet – vi behandler forespørselen",
           "in_progress": "Under behandling", "completed": "Fullført", "rejected": "Avvist"},
    "en": {"received": "Waiting for you to confirm your e-mail address",
           "verified": "Confirmed – we are handling your request",
           "in_progress": "In progress", "completed": "Completed", "rejected": "Rejected"},
}

T: dict[str, dict[str, str]] = {
    "nb": {
        "centre": "Personvernsenter", "rights": "Dine rettigheter",
        "cookies": "Informasjonskapsler", "consent": "Samtykker",
        "notice": "Personvernerklæring", "other_lang": "English", "skip": "Hopp til innholdet",
        "cookie_settings": "Innstillinger for informasjonskapsler",
        "centre_intro": "Her kan du se og endre valgene dine og bruke rettighetene dine. "
                        "Alt fungerer også uten JavaScript.",
        "rights_intro": "Du kan bruke disse rettighetene når som helst. Vi svarer innen én "
                        "måned (personvernforordningen art. 12 nr. 3).",
        "open_form": "Send forespørsel", "email": "E-postadresse", "phone": "Mobilnummer",
        "optional": "valgfritt", "message": "Melding (valgfritt)",
        "email_help": "Vi sender en engangskode hit for å bekrefte at adressen er din.",
        "submit": "Send forespørsel",
        "privacy_note": "Svaret på dette skjemaet er det samme enten vi har opplysninger om "
                        "deg eller ikke.",
        "activities_object": "Hva protesterer du mot?",
        "all_marketing": "All direkte markedsføring",
        "activities_withdraw": "Hvilke samtykker vil du trekke tilbake?",
        "all_consents": "Alle samtykker",
        "rectify_legend": "Hva skal rettes? Fyll inn det som er feil.",
        "status": "Status for forespørselen", "kind": "Forespørsel", "received": "Mottatt",
        "deadline": "Frist for svar", "state": "Status",
        "code_sent": "Hvis adressen er riktig, har vi sendt en kode til e-postadressen du "
                     "oppga. Skriv den inn her for å bekrefte forespørselen.",
        "code": "Kode fra e-posten", "confirm": "Bekreft", "resend": "Send ny kode",
        "code_wrong": "Koden stemmer ikke eller er utløpt. Prøv igjen, eller be om en ny kode.",
        "mail_failed": "Vi fikk ikke sendt e-post akkurat nå. Prøv «Send ny kode» om litt.",
        "download": "Last ned opplysningene dine (zip)",
        "keep_link": "Ta vare på adressen til denne siden: det er bare du som har den, og "
                     "her kan du følge forespørselen.",
        "extended": "Fristen er forlenget", "reason": "Begrunnelse",
        "not_found": "Fant ikke siden", "not_found_text": "Lenken er ugyldig eller utløpt.",
        "cookies_intro": "Velg hvilke informasjonskapsler du godtar. Ingenting er valgt på "
                         "forhånd, og du kan endre valget når som helst.",
        "accept_all": "Godta alle", "reject_all": "Avvis alle", "save": "Lagre valgene",
        "always_on": "Alltid på", "saved": "Valgene dine er lagret.",
        "gpc_seen": "Nettleseren din sender Global Privacy Control. Vi registrerer det som et "
                    "nei til markedsføring, uansett hva som velges her.",
        "cookie": "Navn", "purpose": "Formål", "lifetime": "Lagringstid", "service": "Tjeneste",
        "category": "Kategori", "record": "Samtykke-ID",
        "consent_intro": "Å trekke tilbake et samtykke er like enkelt som å gi det.",
        "banner_consent": "Informasjonskapsler på nettstedet",
        "given": "Gitt", "refused": "Avslått", "withdrawn": "Trukket tilbake",
        "expired": "Utløpt", "since": "siden",
        "withdraw_banner": "Trekk tilbake samtykket til informasjonskapsler",
        "no_banner_consent": "Du har ikke gitt samtykke til informasjonskapsler i denne "
                             "nettleseren.",
        "change_cookies": "Endre valgene for informasjonskapsler",
        "withdrawn_done": "Samtykket er trukket tilbake, og informasjonskapslene er slettet.",
        "other_consents": "Andre samtykker",
        "other_consents_intro": "Disse samtykkene er knyttet til e-postadressen din. For å "
                                "trekke dem tilbake bekrefter du adressen med en kode.",
        "withdraw": "Trekk tilbake", "receipt": "Kvittering (JSON)",
        "complaint": "Du kan også klage til", "contact": "Kontakt",
        "error": "Noe er feil i skjemaet", "bad_email": "Skriv inn en gyldig e-postadresse.",
        "need_change": "Fyll inn minst én opplysning som skal rettes.",
        "csrf": "Skjemaet var utløpt. Send det på nytt.",
    },
    "en": {
        "centre": "Privacy centre", "rights": "Your rights", "cookies": "Cookies",
        "consent": "Consents", "notice": "Privacy notice", "other_lang": "Norsk",
        "skip": "Skip to content", "cookie_settings": "Cookie settings",
        "centre_intro": "Here you can see and change your choices and use your rights. "
                        "Everything also works without JavaScript.",
        "rights_intro": "You can use these rights at any time. We answer within one month "
                        "(GDPR Art. 12(3)).",
        "open_form": "Make a request", "email": "E-mail address", "phone": "Mobile number",
        "optional": "optional", "message": "Message (optional)",
        "email_help": "We send a one-time code here to confirm the address is yours.",
        "submit": "Send request",
        "privacy_note": "The answer to this form is the same whether or not we hold data "
                        "about you.",
        "activities_object": "What do you object to?",
        "all_marketing": "All direct marketing",
        "activities_withdraw": "Which consents do you withdraw?",
        "all_consents": "All consents",
        "rectify_legend": "What should be corrected? Fill in what is wrong.",
        "status": "Request status", "kind": "Request", "received": "Received",
        "deadline": "Answer due by", "state": "Status",
        "code_sent": "If the address is right, we have sent a code to the e-mail address you "
                     "gave. Enter it here to confirm the request.",
        "code": "Code from the e-mail", "confirm": "Confirm", "resend": "Send a new code",
        "code_wrong": "The code is wrong or has expired. Try again, or ask for a new code.",
        "mail_failed": "We could not send e-mail just now. Try \"Send a new code\" shortly.",
        "download": "Download your data (zip)",
        "keep_link": "Keep the address of this page: only you have it, and you can follow "
                     "your request here.",
        "extended": "The deadline was extended", "reason": "Reason",
        "not_found": "Page not found", "not_found_text": "The link is invalid or has expired.",
        "cookies_intro": "Choose which cookies you accept. Nothing is selected in advance, "
                         "and you can change your choice at any time.",
        "accept_all": "Accept all", "reject_all": "Reject all", "save": "Save choices",
        "always_on": "Always on", "saved": "Your choices have been saved.",
        "gpc_seen": "Your browser sends Global Privacy Control. We record it as a no to "
                    "marketing, whatever is chosen here.",
        "cookie": "Name", "purpose": "Purpose", "lifetime": "Lifetime", "service": "Service",
        "category": "Category", "record": "Consent id",
        "consent_intro": "Withdrawing a consent is as easy as giving it.",
        "banner_consent": "Cookies on the website",
        "given": "Given", "refused": "Refused", "withdrawn": "Withdrawn", "expired": "Expired",
        "since": "since",
        "withdraw_banner": "Withdraw my cookie consent",
        "no_banner_consent": "You have not consented to cookies in this browser.",
        "change_cookies": "Change cookie choices",
        "withdrawn_done": "Your consent has been withdrawn and the cookies deleted.",
        "other_consents": "Other consents",
        "other_consents_intro": "These consents are tied to your e-mail address. To withdraw "
                                "them you confirm the address with a code.",
        "withdraw": "Withdraw", "receipt": "Receipt (JSON)",
        "complaint": "You can also complain to", "contact": "Contact",
        "error": "Something in the form is wrong", "bad_email": "Enter a valid e-mail address.",
        "need_change": "Fill in at least one item to correct.",
        "csrf": "The form had expired. Please send it again.",
    },
}
