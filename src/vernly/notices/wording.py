"""Policy values in words: legal bases, recipient roles, retention rules, rights, categories.

Shared by the notice and the records of processing, so both say the same thing the same way.
Every fixed word goes through gettext; every fact comes from the policy.
"""

from __future__ import annotations

import re

from babel import Locale

from vernly.notices.durations import duration_words
from vernly.notices.i18n import BABEL_LOCALE, N_, tr
from vernly.policy.categories import describe
from vernly.policy.models import (
    NOT_STATED,
    LegalBasis,
    Policy,
    Recipient,
    RecipientRole,
    RetentionAction,
    RetentionRule,
    RetentionTrigger,
    Right,
    RightKind,
)

# Msgids are listed literally (not built) so the catalogue extractor finds them.
_BASIS = {
    "6(1)(a)": N_("Consent (GDPR Art. 6(1)(a))"),
    "6(1)(b)": N_("Performance of a contract (GDPR Art. 6(1)(b))"),
    "6(1)(c)": N_("Legal obligation (GDPR Art. 6(1)(c))"),
    "6(1)(d)": N_("Vital interests (GDPR Art. 6(1)(d))"),
    "6(1)(e)": N_("Task in the public interest or official authority (GDPR Art. 6(1)(e))"),
    "6(1)(f)": N_("Legitimate interests (GDPR Art. 6(1)(f))"),
}
_ROLE = {
    RecipientRole.processor: N_("processor"),
    RecipientRole.sub_processor: N_("sub-processor"),
    RecipientRole.independent_controller: N_("independent controller"),
    RecipientRole.joint_controller: N_("joint controller"),
    RecipientRole.public_authority: N_("public authority"),
}
_ACTION = {
    RetentionAction.delete: N_("Deleted"),
    RetentionAction.delete_files: N_("Deleted"),
    RetentionAction.manual: N_("Deleted"),
    RetentionAction.null: N_("Removed"),
    RetentionAction.mask: N_("Masked"),
    RetentionAction.anonymise: N_("Anonymised"),
    RetentionAction.truncate_ip: N_("IP addresses shortened"),
}
_AFTER = {
    RetentionTrigger.collected: N_("after collection"),
    RetentionTrigger.recorded: N_("after recording"),
    RetentionTrigger.last_activity: N_("after the last activity"),
    RetentionTrigger.fiscal_year_end: N_("after the end of the fiscal year"),
    RetentionTrigger.consent_withdrawn: N_("after consent is withdrawn"),
    RetentionTrigger.contract_ended: N_("after the contract ends"),
    RetentionTrigger.purpose_ended: N_("after the purpose ends"),
}
_UNTIL = {
    RetentionTrigger.collected: N_("when collected"),
    RetentionTrigger.recorded: N_("when recorded"),
    RetentionTrigger.last_activity: N_("at the last activity"),
    RetentionTrigger.fiscal_year_end: N_("at the end of the fiscal year"),
    RetentionTrigger.consent_withdrawn: N_("when consent is withdrawn"),
    RetentionTrigger.contract_ended: N_("when the contract ends"),
    RetentionTrigger.purpose_ended: N_("when the purpose ends"),
}
_RIGHT = {
    RightKind.access: N_("Access to your personal data"),
    RightKind.rectification: N_("Rectification"),
    RightKind.erasure: N_("Erasure"),
    RightKind.restriction: N_("Restriction of processing"),
    RightKind.objection: N_("Objection to processing"),
    RightKind.portability: N_("Data portability"),
    RightKind.withdraw_consent: N_("Withdrawing consent"),
}
_WITHDRAW = {
    "email": N_("You can withdraw your consent at any time; the easiest way is to send an "
                "e-mail to %(address)s."),
    "web": N_("You can withdraw your consent at any time at %(address)s."),
    "banner": N_("You can withdraw your consent at any time in the cookie settings at "
                 "%(address)s."),
    "form": N_("You can withdraw your consent at any time with the form at %(address)s."),
    "post": N_("You can withdraw your consent at any time by writing to %(address)s."),
}
_CHANNEL = {
    "email": N_("send an e-mail to %(address)s"),
    "web": N_("use %(address)s"),
    "post": N_("write to %(address)s"),
}

EEA = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
})
"""EU member states plus Iceland, Liechtenstein and Norway: no Chapter V transfer inside."""


def category_name(policy: Policy, key: str, lang: str) -> str:
    """A data category key as people read it (custom categories carry their own text)."""
    if key in policy.custom_categories:
        return policy.custom_categories[key].get(lang)
    return tr(lang, describe(key))


_PARAGRAPH = re.compile(r"\((\d+)\)")
_POINT = re.compile(r"\(([a-z])\)")


def article_ref(article: str, lang: str) -> str:
    """An article of the GDPR as the reader's language cites it: '7(3)' in English, '7 nr. 3'
    in bokmål (as Lovdata and Datatilsynet write it; '6(1)(a)' is '6 nr. 1 bokstav a')."""
    if lang == "en":
        return article
    return _POINT.sub(r" bokstav \1", _PARAGRAPH.sub(r" nr. \1", article))


def category_in_list(policy: Policy, key: str, lang: str) -> str:
    """A data category's name as an item of a list in running text. Bokmål writes such items
    in lower case ("navn, e-postadresse, IP-adresse"); a name the policy gives itself may be a
    proper name, English keeps its capitals, and so does a name with no Norwegian translation
    yet (fideslang's English title case)."""
    name = category_name(policy, key, lang)
    if lang == "en" or key in policy.custom_categories or name == category_name(policy, key, "en"):
        return name
    return in_running_text(name)


def in_running_text(text: str) -> str:
    """A bokmål label as it reads inside a sentence: its capital dropped, unless it begins with
    an abbreviation ("IP-adresse", "SMS-varsel")."""
    if len(text) < 2 or not text[0].isupper() or text[1].isupper():
        return text
    return text[0].lower() + text[1:]


def legal_basis_lines(basis: LegalBasis, lang: str) -> list[str]:
    """The basis and its particulars; the caller shows nothing when it is not stated."""
    lines = [tr(lang, _BASIS[basis.article])]
    if basis.description:
        lines.append(basis.description.get(lang))
    if basis.legitimate_interest:
        lines.append(tr(lang, "Legitimate interest: %(interest)s",
                             interest=basis.legitimate_interest.get(lang)))
    if basis.law:
        lines.append(tr(lang, "Law: %(law)s", law=basis.law))
    if basis.art9_condition:
        lines.append(tr(lang, "Condition for special categories: GDPR Art. %(condition)s",
                             condition=article_ref(basis.art9_condition, lang)))
    return lines


def role_name(role: RecipientRole, lang: str) -> str:
    return tr(lang, _ROLE[role])


def country_name(code: str, lang: str) -> str:
    """The country's name in `lang`, or '' when the policy does not state it."""
    if code == NOT_STATED:
        return ""
    names = Locale.parse(BABEL_LOCALE[lang]).territories
    return str(names.get(code.upper(), code))


def is_third_country(recipient: Recipient) -> bool:
    return recipient.country != NOT_STATED and recipient.country.upper() not in EEA


def rule_words(policy: Policy, rule: RetentionRule, lang: str) -> str:
    """One retention rule as a sentence: 'Deleted five years after the end of the fiscal year'."""
    if rule.trigger == RetentionTrigger.per_agreement:
        text = tr(lang, "Kept as set by agreement")
    else:
        period = duration_words(rule.duration, lang)
        action = tr(lang, _ACTION[rule.action])
        if period:
            text = f"{action} {period} {tr(lang, _AFTER[rule.trigger])}"
        else:
            text = f"{action} {tr(lang, _UNTIL[rule.trigger])}"
    extras = []
    if rule.statute:
        extras.append(rule.statute)
    if rule.enforced_by:
        extras.append(tr(lang, "carried out by %(name)s",
                              name=policy.recipient(rule.enforced_by).name_in(lang)))
    return f"{text} ({'; '.join(extras)})" if extras else text


def right_name(kind: RightKind, lang: str) -> str:
    return tr(lang, _RIGHT[kind])


def right_how(right: Right, lang: str) -> str:
    return tr(lang, _CHANNEL[right.channel], address=right.address)


def withdrawal_how(channel: str, address: str, lang: str) -> str:
    """How to withdraw consent (Art. 7(3)) through the policy's channel."""
    return tr(lang, _WITHDRAW[channel], address=address)
