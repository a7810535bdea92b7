"""What each linter code checks and how to fix it, with a snippet: `vernly explain VLnnn`.

Kept beside the rules, keyed by code; a test asks every rule for its explanation, so a new
rule cannot ship without one.
"""

from __future__ import annotations

import difflib
import textwrap
from dataclasses import dataclass

from vernly.policy.lint import RULES
from vernly.policy.lint.findings import Rule


@dataclass(frozen=True)
class Explanation:
    checks: str
    """What the rule looks at and why it matters."""
    fix: str
    """What to change in `vernly.yaml`."""
    snippet: str
    """YAML showing the fixed keys."""


_E = Explanation

EXPLANATIONS: dict[str, Explanation] = {
    "VL101": _E(
        "Every activity we control must rest on one of the six legal bases of Art. 6(1), and "
        "the notice must name it (Art. 13(1)(c)). The activity says `legal_basis: not_stated`.",
        "Write the basis the processing actually rests on.",
        "legal_basis:\n  article: 6(1)(b)   # contract; 6(1)(a) consent, 6(1)(c) legal "
        "obligation, 6(1)(f) legitimate interests"),
    "VL102": _E(
        "An activity with `role: processor` is done for someone else, and its record of "
        "processing must name the controllers we act for (Art. 30(2)(a)).",
        "List the controllers under `controllers`.",
        "role: processor\ncontrollers: [Kunde AS]"),
    "VL103": _E(
        "A basis of legitimate interests (6(1)(f)) must say which interest is pursued "
        "(Art. 13(1)(d)).",
        "Write the interest in both languages under `legitimate_interest`.",
        "legal_basis:\n  article: 6(1)(f)\n  legitimate_interest:\n    nb: Å forhindre "
        "svindel i nettbutikken\n    en: Preventing fraud in the web shop"),
    "VL104": _E(
        "A legal obligation (6(1)(c)) or public task (6(1)(e)) must be laid down by law "
        "(Art. 6(3)); the notice should name it.",
        "Name the law under `law`.",
        "legal_basis:\n  article: 6(1)(c)\n  law: bokføringsloven § 13"),
    "VL105": _E(
        "Special categories of data (health, religion, union membership, ...) may only be "
        "processed under one of the conditions of Art. 9(2), on top of an Art. 6 basis.",
        "Give the Art. 9(2) condition, or remove the category if it is not processed.",
        "special_categories: [user.health_and_medical]\nlegal_basis:\n  article: 6(1)(c)\n"
        "  art9_condition: 9(2)(b)"),
    "VL201": _E(
        "Storage limitation (Art. 5(1)(e)): the notice must say how long data is kept, or "
        "the criteria that decide it (Art. 13(2)(a)). The activity says "
        "`retention: not_stated`, so the sweep deletes nothing for it.",
        "Write retention rules: a period, what starts it and what happens at its end.",
        "retention:\n  rules:\n    - duration: P3Y\n      trigger: last_activity\n"
        "      action: delete\n      datasets: [shop.customers]"),
    "VL202": _E(
        "The retention section is there but holds neither rules nor criteria, so it says "
        "nothing (Art. 13(2)(a)).",
        "Add `rules`, or `criteria` where no fixed period applies.",
        "retention:\n  criteria:\n    nb: Så lenge kundeforholdet varer\n"
        "    en: For as long as you are a customer"),
    "VL203": _E(
        "`trigger: per_agreement` is a processor's term: the customer decides. On an activity "
        "we control, we decide, and the notice must say how long (Art. 13(2)(a)).",
        "Give a period with a trigger we decide.",
        "rules:\n  - duration: P12M\n    trigger: collected"),
    "VL215": _E(
        "The sweep must be able to carry out every retention rule (Art. 5(2): we must be able "
        "to show it is kept). This rule names a dataset that does not exist, a table without "
        "a timestamp to measure age by, or an action the system cannot do.",
        "Name a declared `system.table`, give it a `timestamp_field`, or choose an action the "
        "system supports (the message says which).",
        "datasets: [shop.orders]\ntimestamp_field: placed_at\naction: delete"),
    "VL216": _E(
        "The sweep carries this rule out only in part (for example a file store without "
        "recording times in its names, or a processor that deletes on its own). The promise "
        "holds only as far as the message says.",
        "Make the rule enforceable as the message suggests, or record who enforces the rest "
        "with `enforced_by`.",
        "rules:\n  - duration: P24M\n    trigger: collected\n    enforced_by: plausible"),
    "VL301": _E(
        "A recipient outside the EEA needs a transfer mechanism (Art. 44-49), and the notice "
        "must name it (Art. 13(1)(f)).",
        "Write the adequacy decision, the standard contractual clauses or the derogation.",
        "country: US\ntransfer_mechanism: EU-US Data Privacy Framework (adequacy, Art. 45)"),
    "VL302": _E(
        "Where a recipient processes the data decides whether a transfer safeguard is needed "
        "(Art. 13(1)(f)); the recipient's country is `not_stated`.",
        "Write the ISO 3166-1 alpha-2 code of the country.",
        "country: SE"),
    "VL303": _E(
        "A recipient's country must be an ISO 3166-1 alpha-2 code, so the EEA check can run.",
        "Write the two-letter code.",
        "country: NO   # not 'Norway'"),
    "VL304": _E(
        "A declared recipient that no activity, system, cookie or retention rule names is "
        "either unused or missing from the activities (Art. 13(1)(e), 30(1)(d)).",
        "Name it where it receives data, or remove it.",
        "activities:\n  - id: newsletter\n    recipients: [mailer]"),
    "VL401": _E(
        "Consent must be as easy to withdraw as to give, and the person must be told how "
        "(Art. 7(3), 13(2)(c)). The activity rests on consent but names no way to withdraw.",
        "Add `consent_withdrawal` with the channel and address.",
        "consent_withdrawal:\n  channel: web\n  address: https://example.no/personvern/sentrum"),
    "VL451": _E(
        "A form may only collect what its activity declares (Art. 5(1)(c), 13(1)(c)).",
        "Add the field's category to the activity's `data_categories`, or remove the field.",
        "data_categories: [user.name, user.contact.phone_number]"),
    "VL452": _E(
        "A form for a consent-based activity must ask for consent with a text the person "
        "agrees to (Art. 7(1)-(2), 4(11)).",
        "Add the form's `consent` with its text and the notice version.",
        "consent:\n  notice_version: \"1\"\n  text:\n    nb: Jeg samtykker til ...\n"
        "    en: I agree to ..."),
    "VL453": _E(
        "A form's submissions must be stored where the policy says, with every field declared "
        "in that table (Art. 5(2), 30(1)(c)).",
        "Point `store` at an sql `system.table` and declare a column for each field.",
        "store: forms.visits"),
    "VL454": _E(
        "A consent text belongs to a version of the notice; after the notice changed, the "
        "consent asked for may not be informed (Art. 7(1), 13(3)).",
        "Review the text and set `notice_version` to the current `notice.version`.",
        "consent:\n  notice_version: \"2\""),
    "VL455": _E(
        "The system a form stores into should be among its activity's systems, or the records "
        "of processing miss it (Art. 30(1)(c)).",
        "Add the store's system to the activity's `systems`.",
        "systems: [forms]"),
    "VL501": _E(
        "Hashed or pseudonymous identifiers still single a person out and stay personal data "
        "(Art. 4(1), 4(5), Recital 26); calling them anonymised misleads.",
        "Remove the category from `anonymised_claims` and describe it as pseudonymised.",
        "anonymised_claims: []   # user.contact.email.hashed is pseudonymous"),
    "VL601": _E(
        "Cookies that are not strictly necessary need consent (ekomloven § 3-15); without a "
        "category the banner cannot ask for it.",
        "Give the cookie its category.",
        "category: statistics   # strictly_necessary, statistics, marketing or preferences"),
    "VL602": _E(
        "A cookie marked strictly necessary is set by a processor that also receives "
        "statistics or marketing data; check it is only used to deliver the service asked for.",
        "Confirm it, or give the cookie its consent category.",
        "category: marketing"),
    "VL603": _E(
        "An activity is gated by a cookie category, but the cookie table lists no cookie in "
        "it, so the banner and the notice cannot show what is set (ekomloven § 3-15).",
        "Add the activity's cookies to `cookies`.",
        "cookies:\n  - name: _ga\n    category: statistics\n    # purpose, stores, controller,"
        " lifetime, ..."),
    "VL701": _E(
        "A declared data category that none of the activity's systems holds cannot be found "
        "by an access request or shown in the records (Art. 30(1)(c), 15(1)(b)).",
        "Give a column (or the system's `categories`) that category, or remove it from the "
        "activity.",
        "columns:\n  - {name: email, category: user.contact.email, identity: email}"),
    "VL702": _E(
        "An activity that names no system holding its data cannot be answered for by requests "
        "or retention (Art. 30(1)(c), 5(2)).",
        "List the systems under `systems`.",
        "systems: [shop]"),
    "VL801": _E(
        "The notice must tell people of their rights (access, rectification, erasure, "
        "restriction, objection, portability) and how to use them (Art. 12(1), 13(2)(b)).",
        "Add the right under `rights` with its article and address.",
        "rights:\n  - {right: access, article: \"15\", channel: web, address: "
        "https://example.no/personvern/sentrum}"),
    "VL802": _E(
        "Activities rest on consent, so the notice must offer withdrawing it (Art. 13(2)(c)).",
        "Add a `withdraw_consent` right.",
        "rights:\n  - {right: withdraw_consent, article: \"7(3)\", address: "
        "personvern@example.no}"),
    "VL851": _E(
        "The notice is published in each language of `notice.languages`, and people must get "
        "it in a language they understand (Art. 12(1)). A text given in only one of them is "
        "shown in that language, marked with its code (`[nb] ...`), on the other's pages.",
        "Write the text in the missing language next to the one given.",
        "name:\n  nb: Kundeforhold og ordre\n  en: Customers and orders"),
    "VL901": _E(
        "A reference between two tables that both hold people is ambiguous: are the rows the "
        "pointing person's, or do they only name the other (Art. 5(1)(f), 15(4))? An access "
        "request must not hand one person's rows to another.",
        "Say which: `follow: down` (the rows belong to the person pointed at) or "
        "`follow: none` (they only name them).",
        "references:\n  - {field: referred_by, to: customers.id, follow: none}"),
    "VL902": _E(
        "Erasing a key or reference column would leave other rows pointing nowhere "
        "(Art. 5(1)(d), 17).",
        "Take `erasure` off the key column; a reference column may only be nulled.",
        "columns:\n  - {name: customer_id}   # no erasure on a key"),
    "VL950": _E(
        "`policy check --connect` could not reach the system's database, so nothing of it "
        "could be checked, and requests would fail on it (Art. 5(2), 15).",
        "Set the environment variable the `url` names, or correct the URL.",
        "url: \"${VERNLY_SHOP_URL}\"   # export VERNLY_SHOP_URL=postgresql+psycopg://..."),
    "VL951": _E(
        "A declared table does not exist in the database; requests and retention would fail "
        "on it (Art. 15, 17, 30(1)(c)).",
        "Correct the name (the finding offers the nearest) or remove the table.",
        "tables:\n  - name: customers"),
    "VL952": _E(
        "A declared column does not exist in the table (Art. 15, 17, 30(1)(c)).",
        "Correct the name (the finding offers the nearest) or remove the column.",
        "columns:\n  - {name: email}"),
    "VL953": _E(
        "A table without a key cannot have single rows erased or followed by references "
        "(Art. 15, 17).",
        "Declare the key columns, or add a primary key in the database.",
        "primary_key: [order_id, line_no]"),
    "VL954": _E(
        "The declared key is neither the database's primary key nor unique, so it may match "
        "several rows (Art. 5(1)(d), 17).",
        "Declare the real key, or make the column unique in the database.",
        "primary_key: id"),
    "VL955": _E(
        "Sampled values of a declared reference point at no row, so the reference is wrong "
        "and requests would miss rows (Art. 15, 17).",
        "Correct `to`, or remove the reference.",
        "references:\n  - {field: customer_id, to: customers.id}"),
    "VL956": _E(
        "No foreign key in the database enforces the declared reference; it is checked on a "
        "sample only (Art. 15, 17).",
        "Nothing to change in the policy; add the foreign key in the database if you can.",
        "# ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id);"),
    "VL957": _E(
        "The database has a foreign key the policy does not declare, so requests do not "
        "follow it to the person's rows (Art. 15, 17).",
        "Add the `references:` line the finding prints.",
        "references:\n  - {field: customer_id, to: customers.id}"),
    "VL958": _E(
        "An undeclared column looks like personal data (by name or sampled values), so the "
        "notice and requests miss it (Art. 13(1)(c), 30(1)(c)).",
        "Declare the column with its category (and identity), as the finding suggests.",
        "columns:\n  - {name: mobile, category: user.contact.phone_number, identity: phone}"),
    "VL959": _E(
        "An undeclared table looks like it holds personal data (Art. 13(1)(c), 30(1)(c)).",
        "Declare it (`vernly policy draft` writes a start), or confirm it holds none.",
        "tables:\n  - name: newsletter_signups\n    columns:\n      - {name: email, category: "
        "user.contact.email, identity: email}"),
    "VL960": _E(
        "Sampled identity values are stored in a form a request would not find (phone numbers "
        "in odd forms, e-mail addresses with spaces), so the person's rows would be missed "
        "(Art. 15, 17).",
        "Clean the stored values, or declare the column's identity so it is normalised.",
        "columns:\n  - {name: phone, category: user.contact.phone_number, identity: phone}"),
    "VL961": _E(
        "An e-mail identity column has no index on `lower(column)`, so each request scans the "
        "table (Art. 12(3): answer without undue delay).",
        "Create the index the finding prints.",
        "# CREATE INDEX customers_email_lower ON customers (lower(email));"),
}


def rule_of(code: str) -> Rule | None:
    wanted = code.strip().upper()
    return next((r for r in RULES if r.code == wanted), None)


def nearest_codes(code: str, count: int = 3) -> list[str]:
    """The codes closest to a mistyped one: by number when it has one, else by spelling."""
    codes = [r.code for r in RULES]
    digits = "".join(ch for ch in code if ch.isdigit())
    if digits:
        return sorted(codes, key=lambda c: (abs(int(c[2:]) - int(digits)), c))[:count]
    return difflib.get_close_matches(code.upper(), codes, n=count, cutoff=0) or codes[:count]


def explain(rule: Rule) -> str:
    """The text `vernly explain` prints for a rule."""
    about = EXPLANATIONS[rule.code]
    keys = ", ".join(rule.fields)
    snippet = "\n".join("    " + line for line in about.snippet.splitlines())
    return (f"{rule.code} ({rule.severity}): {rule.title}\n"
            f"GDPR: {rule.article}\n"
            f"Keys: {keys} (docs/policy.md)\n\n"
            f"{_wrap('What it checks: ' + about.checks)}\n\n"
            f"{_wrap('How to fix it: ' + about.fix)}\n\n"
            f"{snippet}\n")


def _wrap(paragraph: str) -> str:
    return textwrap.fill(paragraph, width=88, break_on_hyphens=False)
