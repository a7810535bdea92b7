"""The policy: a privacy notice as typed, validated data.

Every model forbids unknown keys so a typo in `vernly.yaml` is an error with a
did-you-mean, not a silently ignored promise. Where the notice is silent about
something the GDPR asks for (a legal basis, a retention period, a transfer
mechanism) the policy says `not_stated` instead of inventing a fact; the linter
reports those.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.json_schema import WithJsonSchema

from vernly.policy.durations import IsoDuration

NOT_STATED = "not_stated"
CookieCategoryName = Literal["strictly_necessary", "statistics", "marketing", "preferences"]
NotStated = Literal["not_stated"]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_CATEGORY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_ENV_REF = re.compile(r"\$\{[A-Z_][A-Z0-9_]*(:-[^}]*)?\}")


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(f"{value!r} is not an id, expected lower-case letters, digits and '_', "
                         "starting with a letter")
    return value


def _check_category(value: str) -> str:
    if not _CATEGORY.match(value):
        raise ValueError(f"{value!r} is not a data category key, expected dotted lower-case "
                         "words such as 'user.contact.email'")
    return value


# WithJsonSchema gives editors the pattern; the validators keep vernly's own messages.
Id = Annotated[str, AfterValidator(_check_id),
               WithJsonSchema({"type": "string", "pattern": _ID.pattern})]
CategoryKey = Annotated[str, AfterValidator(_check_category),
                        WithJsonSchema({"type": "string", "pattern": _CATEGORY.pattern})]


class Model(BaseModel):
    """Base for every policy model: unknown keys are errors, values are immutable."""

    # The docstrings under the fields are read by `attribute_docs` for the reference and the
    # JSON Schema, not by pydantic at import; validators are built on first use (a command
    # validates a Policy, which builds the models under it once, not each model again).
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              defer_build=True)


TEXT_LANGUAGES = ("nb", "en")
"""The languages a `Text` may be given in."""


class Text(Model):
    """A text in Norwegian bokmål and English. A policy may start in one of them: the other
    is then shown in the language given, marked (`[nb] ...`), and `vernly policy check`
    lists it (VL851) for each language the notice declares."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})

    nb: str | None = None
    """Norwegian (bokmål) text."""
    en: str | None = None
    """English text."""

    @model_validator(mode="after")
    def _some_language(self) -> Text:
        if not self.nb and not self.en:
            raise ValueError("a text in neither language, expected 'nb', 'en' or both")
        return self

    def get(self, lang: str) -> str:
        """The text in `lang` (bokmål for anything but 'en'); when it is missing, the other
        language's text marked with that language's code."""
        own = self.en if lang == "en" else self.nb
        if own:
            return own
        other = "nb" if lang == "en" else "en"
        return f"[{other}] {self.nb or self.en}"

    def missing(self, languages: Sequence[str]) -> list[str]:
        """Which of `languages` this text is not given in."""
        return [lang for lang in languages if not getattr(self, lang, None)]


def in_language(value: str | Text, lang: str) -> str:
    """A name the policy gives either once, the same in every language (a proper name such as
    'Google'), or as a `Text` when its words differ by language ('Budtjenester', 'Courier
    services'): the one to print in `lang`."""
    return value if isinstance(value, str) else value.get(lang)


class Address(Model):
    street: str
    """Street and number."""
    postcode: str
    """Postcode, quoted so a leading zero stays ("0191")."""
    city: str
    """City or town."""
    country: str = "NO"
    """ISO 3166-1 alpha-2 country code."""

    def one_line(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}"


class Person(Model):
    name: str
    """The person's name."""
    title: Text | None = None
    """The person's role, e.g. 'personvernombud' / 'data protection officer'."""
    email: str | None = None
    """E-mail address the person is reached at."""
    phone: str | None = None
    """Telephone number the person is reached at."""


class Controller(Model):
    """Art. 13(1)(a): the identity and contact details of the controller."""

    name: str
    """The controller's legal name."""
    org_number: str
    """Organisation number as written in the notice (e.g. '981 967 070')."""
    address: Address
    """The controller's postal address."""
    phone: str
    """Telephone number as the notice prints it."""
    email: str
    """Contact e-mail address for privacy matters."""
    website: str | None = None
    """The controller's website."""
    dpo: Person | NotStated | None = None
    """Art. 13(1)(b): the data protection officer; None when there is none."""
    security_info_url: str | None = None
    """Where the controller describes its security work (e.g. a trust centre)."""
    time_zone: str = "Europe/Oslo"
    """IANA time zone the person is shown times in (access report, status pages, e-mails)."""

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, zone: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{zone!r} is not an IANA time zone, expected e.g. "
                             "'Europe/Oslo'") from None
        return zone


class Authority(Model):
    """The supervisory authority a person may complain to (Art. 13(2)(d), Art. 77)."""

    name: str
    """The authority's name, e.g. 'Datatilsynet'."""
    country: str = "NO"
    """ISO 3166-1 alpha-2 code of the authority's country."""
    website: str
    """The authority's website."""
    description: Text | None = None
    """What the notice says about complaining to the authority."""


class Approval(Model):
    name: str
    """Name of the person who approved the notice."""
    title: Text
    """That person's title."""
    date: date
    """The date of approval (YYYY-MM-DD)."""


class NoticeMeta(Model):
    version: str
    """The notice's version as the controller names it; consent records name it."""
    date: date
    """The 'last updated' date printed on the notice."""
    approved_by: Approval
    """Who approved this version of the notice, and when."""
    languages: list[Literal["nb", "en"]] = Field(default_factory=lambda: ["nb", "en"])  # type: ignore[arg-type]
    """Languages the notice is published in; every text should be given in each."""

    @property
    def first_language(self) -> str:
        """The language the notice is written in first, for a name shown in one language."""
        return self.languages[0] if self.languages else "nb"
    title: Text
    """The notice's title."""
    introduction: Text | None = None
    """The opening paragraph of the notice."""
    updates: Text | None = None
    """How the notice is kept up to date."""
    website_terms: Text | None = None
    """What the notice says about the terms of using the website."""
    security: Text | None = None
    """What the notice says about keeping data secure (Art. 32)."""
    storage: Text | None = None
    """The general storage statement (the seed's 1.8)."""
    sharing: Text | None = None
    """What the notice says about selling or sharing cookie data."""
    browser: Text | None = None
    """What the notice says about data the browser sends (server logs)."""
    deleting_cookies: Text | None = None
    """How a visitor deletes cookies in the browser."""
    cookie_intro: Text | None = None
    """The text above the cookie table."""
    dnt: Text | None = None
    """What the notice promises about Do Not Track."""
    analytics: Text | None = None
    """What the notice says about web analytics."""


class RecipientRole(StrEnum):
    processor = "processor"
    sub_processor = "sub_processor"
    independent_controller = "independent_controller"
    joint_controller = "joint_controller"
    public_authority = "public_authority"


class Recipient(Model):
    """Art. 13(1)(e)-(f): who receives personal data, and how transfers are safeguarded."""

    id: Id
    """The recipient's id, which activities, systems and cookies name."""
    name: str | Text
    """The recipient's name as the notice prints it: one string for a proper name ('Google'),
    or `{nb: ..., en: ...}` for words that differ by language ('Budtjenester' / 'Courier
    services'), so no Norwegian is left in the English notice."""
    role: RecipientRole
    """What the recipient is to the controller (processor, independent controller, ...)."""
    country: str | NotStated
    """ISO 3166-1 alpha-2 code of where the recipient processes the data."""
    transfer_mechanism: str | NotStated | None = None
    """For third countries: adequacy decision, SCCs (Art. 46), BCRs, Art. 49 derogation."""
    agreement: str | Text | None = None
    """Reference to the data processing agreement or contract: one string (a document's title)
    or `{nb: ..., en: ...}`."""
    description: Text | None = None
    """What the recipient does with the data, in the notice's words."""
    services: list[str] = Field(default_factory=list)
    """Products of the recipient in use (e.g. 'Google Analytics', 'Google Tag Manager')."""
    hashes_before_upload: bool = False
    """The recipient's tag hashes identifiers locally before upload (pseudonymisation)."""

    def name_in(self, lang: str) -> str:
        """The name to print in `lang`."""
        return in_language(self.name, lang)

    def agreement_in(self, lang: str) -> str | None:
        """The agreement to print in `lang`, if the policy names one."""
        return None if self.agreement is None else in_language(self.agreement, lang)


class LegalBasis(Model):
    """Art. 6(1) basis and, for special categories, the Art. 9(2) condition."""

    article: Literal["6(1)(a)", "6(1)(b)", "6(1)(c)", "6(1)(d)", "6(1)(e)", "6(1)(f)"]
    """The point of Art. 6(1) the processing rests on."""
    description: Text | None = None
    """The basis in the notice's own words."""
    law: str | None = None
    """For 6(1)(c) and (e): the law that lays down the obligation."""
    legitimate_interest: Text | None = None
    """For 6(1)(f): the interest pursued (Art. 13(1)(d))."""
    art9_condition: (
        Literal["9(2)(a)", "9(2)(b)", "9(2)(c)", "9(2)(d)", "9(2)(e)", "9(2)(f)", "9(2)(g)",
                "9(2)(h)", "9(2)(i)", "9(2)(j)"]
        | None
    ) = None
    """For special categories of data: the Art. 9(2) condition."""
    dpv: str | None = None
    """W3C DPV IRI of the basis, e.g. 'dpv:Consent'."""


class RetentionTrigger(StrEnum):
    collected = "collected"
    recorded = "recorded"
    last_activity = "last_activity"
    fiscal_year_end = "fiscal_year_end"
    consent_withdrawn = "consent_withdrawn"
    contract_ended = "contract_ended"
    purpose_ended = "purpose_ended"
    per_agreement = "per_agreement"


class RetentionAction(StrEnum):
    delete = "delete"
    null = "null"
    mask = "mask"
    anonymise = "anonymise"
    delete_files = "delete_files"
    truncate_ip = "truncate_ip"
    manual = "manual"


class RetentionRule(Model):
    """One retention promise: keep for `duration` after `trigger`, then `action`."""

    duration: IsoDuration
    """ISO 8601 duration, e.g. P7D, P12M, P5Y."""
    trigger: RetentionTrigger
    """When the period starts."""
    action: RetentionAction = RetentionAction.delete
    """What happens to the data when the period has run out."""
    statute: str | None = None
    """The law that sets or allows the period (e.g. 'bokføringsloven § 13')."""
    datasets: list[str] = Field(default_factory=list)
    """`system` or `system.table` the rule applies to."""
    timestamp_field: str | None = None
    """Column holding the trigger time; defaults to the dataset's declared timestamp."""
    enforced_by: Id | None = None
    """Recipient that carries the rule out itself (vernly records it, cannot execute it)."""
    description: Text | None = None
    """The promise in the notice's own words."""


class Retention(Model):
    """How long an activity keeps data: rules, or an explicit 'not stated'."""

    rules: list[RetentionRule] = Field(default_factory=list)
    """The periods, each with its trigger and what happens at its end."""
    criteria: Text | None = None
    """Art. 13(2)(a): the criteria used when no fixed period applies."""


class WithdrawalChannel(Model):
    """Art. 7(3): how a person withdraws consent."""

    channel: Literal["email", "web", "banner", "form", "post"]
    """The kind of channel."""
    address: str
    """Where: an e-mail address, a URL or a postal address."""
    description: Text | None = None
    """How to withdraw, in the notice's words."""


class ActivityRole(StrEnum):
    controller = "controller"
    processor = "processor"


class Activity(Model):
    """A processing activity: the unit of the records of processing (Art. 30)."""

    id: Id
    """The activity's id, which tables, systems and consent records name."""
    section: str
    """Where the notice describes it (e.g. '1.4.4')."""
    name: Text
    """The activity's name as the notice's heading gives it."""
    role: ActivityRole = ActivityRole.controller
    """Whether we decide on the processing (controller) or do it for a customer (processor, Art.
    28)."""
    purposes: list[Text]
    """Art. 13(1)(c): why the data is processed, one text per purpose."""
    marketing: bool = False
    """The activity is direct marketing (Art. 21(2)-(3): objection is absolute)."""
    legal_basis: LegalBasis | NotStated
    """Art. 6(1): the legal basis, with the Art. 9(2) condition for special categories."""
    data_subjects: list[Text]
    """Whose data it is (customers, visitors, applicants, ...)."""
    data_categories: list[CategoryKey]
    """The data categories processed, as taxonomy keys."""
    special_categories: list[CategoryKey] = Field(default_factory=list)
    """Art. 9(1) special categories processed, as taxonomy keys."""
    source: Text
    """Art. 14(2)(f): where the data comes from."""
    systems: list[Id] = Field(default_factory=list)
    """Ids of the systems holding the activity's data."""
    recipients: list[Id] = Field(default_factory=list)
    """Ids of the recipients the activity's data goes to."""
    retention: Retention | NotStated
    """Art. 13(2)(a): how long the data is kept."""
    consent_withdrawal: WithdrawalChannel | None = None
    """For consent-based activities: how to withdraw (Art. 7(3))."""
    anonymised_claims: list[CategoryKey] = Field(default_factory=list)
    """Categories the notice calls anonymised or de-identified."""
    description: Text | None = None
    """A longer description of the activity."""
    controllers: list[str | Text] = Field(default_factory=list)
    """For processor activities (Art. 30(2)(a)): the controllers we act for, each a name or
    `{nb: ..., en: ...}` when it is words rather than a name ('our customers')."""
    security_measures: Text | None = None
    """Art. 30(1)(g) / 30(2)(d): general description of technical and organisational measures."""
    cookie_purpose: CookieCategoryName | None = None
    """Consent category of the banner that gates this activity, if any."""


class ErasureAction(StrEnum):
    """What erasure does: to a row (table level) or to one column of a row that stays.

    See docs/requests.md. At table level `delete` removes the row and `keep` keeps it under
    a legal obligation; the others keep the row and erase its columns with that strategy.
    At column level `delete` means `null`.
    """

    delete = "delete"
    null = "null"
    mask = "mask"
    replace_with = "replace"
    """Write the column's `replacement` (named so it does not hide `str.replace`)."""
    hash = "hash"
    """HMAC-SHA256 of the value keyed with the policy's `erasure.key`."""
    rewrite = "rewrite"
    """A value of the same form: `deleted-<hash>@invalid` for an e-mail address."""
    keep = "keep"


class Keep(Model):
    """Why a field or row survives erasure (Art. 17(3)(b))."""

    statute: str
    """The law that obliges keeping the row (e.g. 'bokføringsloven § 13')."""
    duration: IsoDuration
    """How long that law keeps it, as an ISO 8601 duration (e.g. P5Y)."""
    trigger: RetentionTrigger
    """When the period starts."""
    timestamp_field: str
    """The column holding the time the period starts at."""


IDENTITY_KINDS = ("email", "phone", "customer_number", "national_id", "name")
"""Identity kinds vernly knows how to compare; a policy may name others (exact match)."""


class Column(Model):
    name: str
    """The column's name in the database."""
    category: CategoryKey | None = None
    """The data category of the values (a taxonomy key or a custom one)."""
    identity: Id | None = None
    """This column identifies a person: email, phone, customer_number, national_id, name,
    or another kind the policy names (matched exactly). Every kind but `name` finds rows."""
    erasure: ErasureAction | None = None
    """What erasure does to this column when the row itself is kept."""
    replacement: str | int | float | None = None
    """The value `erasure: replace` writes."""
    provided_by_subject: bool = True
    """Art. 20: the person provided this value (vs. derived or observed by us)."""
    label: Text | None = None
    """What the access report calls this column (nb/en); unset: its data category's name."""

    @model_validator(mode="after")
    def _replace_needs_value(self) -> Column:
        if self.erasure == ErasureAction.replace_with and self.replacement is None:
            raise ValueError("erasure 'replace' without a value, expected 'replacement'")
        return self


class Follow(StrEnum):
    """Which way a request may follow a reference (docs/requests.md)."""

    down = "down"
    """Rows of this table that point at a person's row belong to that person."""
    up = "up"
    """The row this points at belongs to the person of this row."""
    both = "both"
    none = "none"
    """The reference only names someone: never followed, not even for context."""


class Orphans(StrEnum):
    keep = "keep"
    delete = "delete"
    """Erasure deletes the row pointed at once nothing points at it any more."""


class Reference(Model):
    """This table's `field` points at `to` (`table.field` or `system.table.field`).

    Composite references list the columns in order: `field: [a, b]`,
    `to: [parent.a, parent.b]` (all in one table).
    """

    field: str | list[str]
    """The column of this table that points, or a list of columns for a composite reference."""
    to: str | list[str]
    """The column pointed at: `table.column`, or `system.table.column` in another database; a list
    for a composite reference."""
    follow: Follow | None = None
    """Unset: down only into tables holding no people, up only as context."""
    orphans: Orphans = Orphans.keep
    """What erasure does with a row pointed at once nothing points at it."""

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field,) if isinstance(self.field, str) else tuple(self.field)

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.to,) if isinstance(self.to, str) else tuple(self.to)

    def target(self) -> tuple[str | None, str, tuple[str, ...]]:
        """(system id or None for this system, table, columns) pointed at."""
        parts = [t.split(".") for t in self.targets]
        first = parts[0]
        system = first[0] if len(first) == 3 else None
        return system, first[-2], tuple(p[-1] for p in parts)

    @model_validator(mode="after")
    def _same_shape(self) -> Reference:
        targets = [t.split(".") for t in self.targets]
        if len(self.fields) != len(targets):
            raise ValueError(f"reference with {len(self.fields)} field(s) but "
                             f"{len(targets)} target column(s), expected as many of each")
        if any(len(t) not in (2, 3) for t in targets):
            raise ValueError("reference target does not resolve, expected 'table.column' or "
                             "'system.table.column'")
        if len({tuple(t[:-1]) for t in targets}) > 1:
            raise ValueError("composite reference pointing into several tables, expected "
                             "every target column in one table")
        return self


class Table(Model):
    name: str
    """The table's name in the database."""
    primary_key: str | list[str] | None = None
    """The key column, or columns. Left out: `id` when declared, else the database's."""
    columns: list[Column]
    """The columns vernly reads, erases or finds people by."""
    references: list[Reference] = Field(default_factory=list)
    """Columns pointing at other tables' rows: how a request finds rows belonging to a person
    (docs/requests.md)."""
    erasure: ErasureAction = ErasureAction.delete
    """What erasure does to the row; 'keep' with `keep` for rows under a legal obligation."""
    keep: Keep | None = None
    """For `erasure: keep`: the legal obligation that keeps the row."""
    timestamp_field: str | None = None
    """The column retention rules measure age by."""
    activity: Id | None = None
    """The activity these rows belong to (for Art. 15 information)."""
    label: Text | None = None
    """What the access report calls this table (nb/en); unset: the table's name."""

    @property
    def key_columns(self) -> tuple[str, ...]:
        """The declared key (or `id`); empty when the database must say."""
        if self.primary_key is None:
            return ("id",) if any(c.name == "id" for c in self.columns) else ()
        if isinstance(self.primary_key, str):
            return (self.primary_key,)
        return tuple(self.primary_key)

    def holds_people(self) -> bool:
        """True when some column identifies a person (docs/requests.md)."""
        return any(c.identity for c in self.columns)

    @model_validator(mode="after")
    def _keep_needs_reason(self) -> Table:
        if self.erasure == ErasureAction.keep and self.keep is None:
            raise ValueError("erasure 'keep' without a reason, expected a 'keep' block with "
                             "statute, duration, trigger and timestamp_field")
        return self


def pointed_at(system: System, systems: Sequence[System]) -> dict[str, set[str]]:
    """Table of `system` -> its columns that references (from any of `systems`) point at."""
    found: dict[str, set[str]] = {}
    for other in systems:
        for spec in other.tables:
            for ref in spec.references:
                target_system, name, columns = ref.target()
                if (target_system or other.id) == system.id:
                    found.setdefault(name, set()).update(columns)
    return found


class SystemKind(StrEnum):
    sql = "sql"
    files = "files"
    log = "log"
    manual = "manual"
    external = "external"


class System(Model):
    """Where personal data lives. Connection details by ${ENV} reference only."""

    id: Id
    """The system's id, which activities, tables' references and retention rules name."""
    name: str | Text
    """The system's name as people in the company know it: one string, or `{nb: ..., en: ...}`
    when its words differ by language, as the access report names it in the reader's."""
    kind: SystemKind
    """How vernly reaches it: `sql` database, `files` store, web server `log`, `manual` (a task for
    a named owner) or `external` (not reached at all)."""
    description: Text | None = None
    """What the system is for."""
    url: str | None = None
    """SQLAlchemy URL, or a path for files/log systems; `${ENV}` references are expanded."""
    tables: list[Table] = Field(default_factory=list)
    """For sql systems: the tables holding personal data or pointing at it."""
    path_pattern: str | None = None
    """For files: e.g. '{camera}/{recorded:%Y%m%dT%H%M%S}.mp4' relative to `url`."""
    categories: list[CategoryKey] = Field(default_factory=list)
    """Categories held by systems without tables (files, logs, manual, external)."""
    owner: str | None = None
    """For manual systems: who carries out tasks."""
    due_days: int = 14
    """For manual systems: days the owner has to confirm a task."""
    recipient: Id | None = None
    """The processor that runs the system, when it is not ours."""
    activity: Id | None = None
    """The activity the system's data belongs to (for Art. 15 information)."""

    @field_validator("url")
    @classmethod
    def _no_inline_secrets(cls, url: str | None) -> str | None:
        if url and "://" in url and "@" in url:
            userinfo = url.split("://", 1)[1].split("@", 1)[0]
            if ":" in userinfo and not _ENV_REF.search(userinfo):
                raise ValueError("the url carries a password, expected a ${ENV} reference "
                                 "such as ${SHOP_DATABASE_URL} instead of the secret")
        return url

    def name_in(self, lang: str) -> str:
        """The name to print in `lang`."""
        return in_language(self.name, lang)

    def held_categories(self) -> set[str]:
        found = set(self.categories)
        for table in self.tables:
            found.update(c.category for c in table.columns if c.category)
        return found


class CookieCategory(StrEnum):
    strictly_necessary = "strictly_necessary"
    statistics = "statistics"
    marketing = "marketing"
    preferences = "preferences"


class Cookie(Model):
    name: str
    """The cookie's name (unique in the table)."""
    pattern: str | None = None
    """Glob for cookie families, e.g. '_ga_*'."""
    site: Text
    """Heading in the cookie table (e.g. 'Generelt for våre nettsteder')."""
    purpose: Text
    """What the cookie is for."""
    stores: Text
    """What the cookie holds."""
    controller: str
    """Who sets and reads the cookie, as the notice names it."""
    processor: Id | None = None
    """Recipient id of the processor."""
    lifetime: IsoDuration | Literal["session"]
    """How long the cookie lives: an ISO 8601 duration or `session`."""
    lifetime_text: Text
    """Lifetime as the notice words it ('2 år')."""
    category: CookieCategory | None = None
    """The banner's consent category; unset only for cookies the linter should flag (VL601)."""
    service: str | None = None
    """The script/service setting it, for per-service choices."""


class RightKind(StrEnum):
    access = "access"
    rectification = "rectification"
    erasure = "erasure"
    restriction = "restriction"
    objection = "objection"
    portability = "portability"
    withdraw_consent = "withdraw_consent"


class Right(Model):
    right: RightKind
    """Which right."""
    article: str
    """The GDPR article of the right, as the notice cites it (e.g. 'Art. 15')."""
    channel: Literal["email", "web", "post"] = "email"
    """How the person uses the right."""
    address: str
    """Where: an e-mail address, a URL or a postal address."""


class Complaint(Model):
    contact_email: str
    """Where a person complains to the controller first."""
    authority: Authority
    """The supervisory authority a person may complain to (Art. 77)."""
    text: Text | None = None
    """What the notice says about complaining."""


class ErasureDefaults(Model):
    """Policy-wide erasure settings (docs/requests.md)."""

    key: str | None = None
    """Secret for `hash` and `rewrite`, as an `${ENV}` reference."""
    by_category: dict[CategoryKey, ErasureAction] = Field(default_factory=dict)
    """Strategy per data category for columns of kept rows; the longest prefix wins."""

    @field_validator("key")
    @classmethod
    def _key_from_env(cls, key: str | None) -> str | None:
        if key is not None and not _ENV_REF.fullmatch(key):
            raise ValueError("the erasure key is a secret, expected a ${ENV} reference such "
                             "as ${VERNLY_ERASURE_KEY}")
        return key

    def for_category(self, category: str | None) -> ErasureAction | None:
        if not category or not self.by_category:
            return None
        best: tuple[int, ErasureAction] | None = None
        for prefix, action in self.by_category.items():
            if (category == prefix or category.startswith(prefix + ".")) and (
                    best is None or len(prefix) > best[0]):
                best = (len(prefix), action)
        return best[1] if best else None


class FieldType(StrEnum):
    """What a form field holds; decides how it is checked and stored."""

    text = "text"
    long_text = "long_text"
    email = "email"
    """Checked with email-validator; stored normalised."""
    phone = "phone"
    """Checked with phonenumbers (Norway by default); stored as E.164."""
    date = "date"
    choice = "choice"
    """One of the field's `choices`."""
    host = "host"
    """One of the form's `hosts`: who the visitor is meeting."""


class FieldChoice(Model):
    """One option of a `choice` field."""

    value: Id
    """What is stored."""
    label: Text
    """What the person sees."""


class FormField(Model):
    """One field of a form: the only kind of value a submission may carry."""

    name: Id
    """The column of the form's table the value is stored in, and the field's form name."""
    type: FieldType
    """How the value is checked and stored."""
    label: Text
    """The field's label on the page."""
    category: CategoryKey
    """The data category of the value; the form's activity must declare it."""
    required: bool = False
    """A submission without this field is refused."""
    max_length: int = Field(default=200, ge=1, le=5000)
    """Longest value accepted, in characters."""
    choices: list[FieldChoice] = Field(default_factory=list)
    """For `choice` fields: the options."""

    @model_validator(mode="after")
    def _choices_for_choice(self) -> FormField:
        if (self.type == FieldType.choice) != bool(self.choices):
            raise ValueError("'choices' go with type 'choice' and only with it, expected both "
                             "or neither")
        return self


class FormConsent(Model):
    """The consent a form asks for when its activity rests on consent (Art. 7, 13)."""

    text: Text
    """What the person agrees to, shown next to the checkbox."""
    notice_version: str
    """The version of the notice the text belongs to; recorded with each consent."""


class MessageChannel(StrEnum):
    email = "email"
    sms = "sms"


class Confirmation(Model):
    """A message to the person who submitted the form."""

    channel: MessageChannel
    """How the confirmation is sent: by e-mail or SMS."""
    field: Id
    """The form field holding the address (an e-mail or phone field)."""
    message: Text
    """The message; `{name}` is replaced by the form's `name`-like field if present."""


class HostNotice(Model):
    """A message to the host the visitor names: by e-mail, or by SMS to a host without one."""

    field: Id
    """The form's `host` field."""
    message: Text
    """The message; `{visitor}` is replaced by the visitor's name."""


class FormHost(Model):
    """Someone a visitor may come to meet, and how to reach them."""

    id: Id
    """The host's id, the value a `host` field stores."""
    name: str
    """Shown on the kiosk and stored with the visit."""
    email: str | None = None
    """Where the host notice goes."""
    phone: str | None = None
    """Where the host notice goes when the host has no e-mail address."""


class AfterSubmission(Model):
    """What happens once a submission is stored."""

    confirm: Confirmation | None = None
    """A message confirming the submission to the person."""
    notify_host: HostNotice | None = None
    """A message telling the named host that the visitor is here."""


class Form(Model):
    """A collection point vernly hosts: it takes only the fields declared here."""

    id: Id
    """The form's id: its address in the privacy centre and in submissions."""
    activity: Id
    """The processing activity the submissions belong to."""
    title: Text
    """The form's heading."""
    introduction: Text | None = None
    """Shown above the fields: what the form is for."""
    fields: list[FormField]
    """The fields the form asks for, in order; nothing else is accepted."""
    consent: FormConsent | None = None
    """The consent asked for; required when the activity's basis is consent."""
    store: str
    """The `system.table` submissions are stored in; the system must be one vernly manages."""
    after: AfterSubmission = Field(default_factory=AfterSubmission)
    """Confirmation to the person and notice to a host."""
    hosts: list[FormHost] = Field(default_factory=list)
    """For forms with a `host` field: who can be named."""
    kiosk: bool = False
    """The form is the front desk's visitor registration (shown on the kiosk page)."""

    def field(self, name: str) -> FormField | None:
        return next((f for f in self.fields if f.name == name), None)


_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _check_colour(value: str) -> str:
    if not _COLOUR.match(value):
        raise ValueError(f"{value!r} is not a colour, expected '#rrggbb' such as '#0b3d75'")
    return value


Colour = Annotated[str, AfterValidator(_check_colour)]


class Branding(Model):
    """How the privacy centre looks, so it reads as the company's own page."""

    name: str | None = None
    """The name in the centre's header (default: the controller's name)."""
    logo_url: str | None = None
    """A logo served by the company's own site (an https URL or a path on this host)."""
    colour: Colour | None = None
    """The main colour (links, buttons, headings' accents), '#rrggbb'."""
    accent: Colour | None = None
    """The colour of focus rings and highlights, '#rrggbb'."""


class Policy(Model):
    """A whole `vernly.yaml`."""

    schema_version: Literal[1] = 1
    """Version of this file's format; 1 is the only one so far."""
    controller: Controller
    """Art. 13(1)(a): who is responsible for the processing."""
    supervisory_authority: Authority
    """The authority a person may complain to (Art. 13(2)(d))."""
    notice: NoticeMeta
    """The notice itself: version, date, approval, languages and its general texts."""
    goals: list[Text] = Field(default_factory=list)
    """The notice's general goals for personal data, one text each."""
    recipients: list[Recipient] = Field(default_factory=list)
    """Everyone outside the controller who receives personal data (Art. 13(1)(e))."""
    systems: list[System] = Field(default_factory=list)
    """Where personal data lives: databases, file stores, logs, manual processors."""
    activities: list[Activity]
    """The processing activities: the records of processing (Art. 30)."""
    cookies: list[Cookie] = Field(default_factory=list)
    """The cookie table of the notice, which the consent banner is built from."""
    rights: list[Right] = Field(default_factory=list)
    """The data subject rights offered and how to use each (Art. 13(2)(b))."""
    complaint: Complaint
    """Where to complain, first to the controller and then to the authority."""
    custom_categories: dict[CategoryKey, Text] = Field(default_factory=dict)
    """Data categories beyond the built-in taxonomy, with a description."""
    erasure: ErasureDefaults = Field(default_factory=ErasureDefaults)
    """Erasure strategies by data category and the key for hashing."""
    branding: Branding | None = None
    """The privacy centre's name, logo and colours (optional)."""
    forms: list[Form] = Field(default_factory=list)
    """Forms vernly hosts (collection points), each tied to an activity."""

    def activity(self, activity_id: str) -> Activity:
        return next(a for a in self.activities if a.id == activity_id)

    def system(self, system_id: str) -> System:
        return next(s for s in self.systems if s.id == system_id)

    def form(self, form_id: str) -> Form:
        return next(f for f in self.forms if f.id == form_id)

    def recipient(self, recipient_id: str) -> Recipient:
        return next(r for r in self.recipients if r.id == recipient_id)
