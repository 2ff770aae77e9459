"""The card's rules: who may apply, with what; which step may follow which; what
collection and activation need; the 9-character card number. Pure: no IO, no clock."""

from collections.abc import Iterable, Mapping

from stdnum import luhn

from shebao.errors import RuleViolation
from shebao.i18n import _
from shebao.model.card import (
    HELD_STATES,
    OPEN_STATES,
    CardApplication,
    CardState,
    CollectionDocument,
    EvidenceItem,
    IdentityDocument,
    PhotoSource,
)
from shebao.model.person import Person

S = CardState
TRANSITIONS: Mapping[CardState, frozenset[CardState]] = {
    S.APPLIED: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.IN_PRODUCTION}),
    S.IN_PRODUCTION: frozenset({S.READY}),
    S.READY: frozenset({S.ISSUED}),
    S.ISSUED: frozenset({S.ACTIVATED, S.LOST, S.CANCELLED}),
    S.ACTIVATED: frozenset({S.LOST, S.CANCELLED}),
    S.LOST: frozenset({S.REPLACED, S.CANCELLED}),
    S.REPLACED: frozenset(),
    S.CANCELLED: frozenset(),
}


# each step of a card's life, by the state it reaches: the audit action that records it,
# named after the operator's command (`shebao card ready` makes a card READY ...)
STEP_ACTIONS: Mapping[CardState, str] = {
    S.APPLIED: "card.apply",
    S.PAID: "card.paid",
    S.IN_PRODUCTION: "card.produce",
    S.READY: "card.ready",
    S.ISSUED: "card.collect",
    S.ACTIVATED: "card.activate",
    S.LOST: "card.report-lost",
    S.REPLACED: "card.replace",
    S.CANCELLED: "card.cancel",
}


def check_transition(application: CardApplication, target: CardState) -> None:
    """Refuse a step that does not follow from the application's state."""
    if target not in TRANSITIONS[application.state]:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[application.state])) or "none: it is final"
        raise RuleViolation(
            "card-state",
            _("application {number} is {value}; it cannot become {value2} (next steps: {allowed})").format(
                number=application.number, value=application.state.value, value2=target.value, allowed=allowed
            ),
        )


def check_first_application(existing: Iterable[CardApplication]) -> None:
    """Only a person with no card may apply for a first card, and one application at a time."""
    for application in existing:
        if application.state in OPEN_STATES:
            raise RuleViolation(
                "one-open-application",
                _("application {number} is already {value}").format(number=application.number, value=application.state.value),
            )
        if application.state in HELD_STATES:
            hint = " (a lost card is replaced: shebao card replace)" if application.state is CardState.LOST else ""
            raise RuleViolation(
                "first-card-only",
                _("the person already has a card ({card_number}, {value}){hint}").format(
                    card_number=application.card_number, value=application.state.value, hint=hint
                ),
            )


def is_registered_locally(person: Person) -> bool:
    """The household registration lies in the insured pooling area (the same city)."""
    return person.hukou_region[:4] == person.insured_region[:4]


def photo_source(person: Person, document: IdentityDocument, photo_receipt: str | None) -> PhotoSource:
    """An applicant not registered locally, or without an identity card, gives a photo
    receipt number, unless a public-security photo exists, which is then the default."""
    if photo_receipt:
        return PhotoSource.RECEIPT
    if person.photo_on_file:
        return PhotoSource.PUBLIC_SECURITY
    if document is IdentityDocument.HOUSEHOLD_REGISTER or not is_registered_locally(person):
        reason = (
            "applies with the household register"
            if document is IdentityDocument.HOUSEHOLD_REGISTER
            else (f"is registered in {person.hukou_region}, not locally")
        )
        raise RuleViolation(
            "photo-receipt",
            _("the applicant {reason} and no public-security photo is on file: give the photo receipt number").format(
                reason=reason
            ),
        )
    return PhotoSource.PUBLIC_SECURITY


def check_collection(document: CollectionDocument | None, agent_id: str | None, form_presented: bool) -> None:
    """Collection needs the holder's identity card, household register or the agent's
    identity card, and the registration form; each missing piece is named."""
    missing = []
    if document is None:
        missing.append(_("identity card, household register or agent's identity card"))
    elif document is CollectionDocument.AGENT_IDENTITY_CARD and not agent_id:
        missing.append(_("the agent's identity number"))
    if not form_presented:
        missing.append(_("the registration form"))
    if missing:
        raise RuleViolation("collection-materials", _("missing: ") + "; ".join(missing))


def check_evidence(required: Iterable[EvidenceItem], given: Mapping[EvidenceItem, str], rule: str) -> None:
    missing = [item.value for item in required if not given.get(item)]
    if missing:
        raise RuleViolation(rule, _("missing evidence: ") + ", ".join(missing))


# ---- card numbers ------------------------------------------------------------------------

# letters that cannot be read as digits (no I, O)
CARD_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_PER_LETTER = 10**7


def card_number(sequence: int) -> str:
    """The 9-character card number: a letter and 8 digits, the last a Luhn check digit.

    The letter and 7 digits count the cards a service issues (24 × 10⁷ numbers); the check
    digit catches a mistyped number at the counter."""
    if not 1 <= sequence < len(CARD_LETTERS) * _PER_LETTER:
        raise ValueError(_("card sequence {sequence} is out of range").format(sequence=sequence))
    letter, serial = divmod(sequence, _PER_LETTER)
    digits = f"{serial:07d}"
    return CARD_LETTERS[letter] + digits + luhn.calc_check_digit(digits)


def is_card_number(text: str) -> bool:
    return len(text) == 9 and text[0] in CARD_LETTERS and text[1:].isdigit() and luhn.is_valid(text[1:])
