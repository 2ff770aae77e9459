"""Use cases of activation: the medical insurance account at the service centre (identity
card original and copy, the social security card, a bank card, face and fingerprint), and
the electronic medical insurance certificate (real-name and real-person authentication).
Each piece of evidence is stored with the operator who checked it."""

import datetime as dt
import enum

import attrs

from shebao import plugins
from shebao.convert import parse_input
from shebao.errors import InputError, RuleViolation
from shebao.i18n import _
from shebao.ids import BankCard, CitizenId
from shebao.model.card import (
    ECERT_EVIDENCE,
    MEDICAL_ACCOUNT_EVIDENCE,
    Activation,
    ActivationKind,
    CardState,
    Evidence,
    EvidenceItem,
)
from shebao.plugins import Facade
from shebao.rules.card import check_evidence
from shebao.services.cards import move_card
from shebao.services.people import get_person
from shebao.store.ports import UnitOfWork


class Check(enum.Enum):
    PASSED = "passed"
    FAILED = "failed"


@attrs.frozen
class ActivateAccount:
    citizen_id: CitizenId
    checked_by: str  # the operator at the counter
    identity_card_original: bool = False
    identity_card_copy: bool = False
    card_number: str | None = None
    bank_card: str | None = None
    face_recognition: Check | None = None
    fingerprint: Check | None = None
    # a piece checked by someone else than ``checked_by`` (e.g. the biometrics desk)
    checkers: dict[EvidenceItem, str] = attrs.field(factory=dict)


@attrs.frozen
class ActivateCertificate:
    citizen_id: CitizenId
    checked_by: str
    real_name: Check | None = None
    real_person: Check | None = None
    via: str = "national medical insurance app"


def _evidence(given: dict[EvidenceItem, str], checked_by: str, checkers: dict[EvidenceItem, str]) -> tuple[Evidence, ...]:
    return tuple(Evidence(item, value, checkers.get(item) or checked_by) for item, value in given.items() if value)


def _refuse_failed(given: dict[EvidenceItem, str]) -> None:
    failed = [item.value for item, value in given.items() if value == Check.FAILED.value]
    if failed:
        raise RuleViolation("identity-verification", "failed: " + ", ".join(failed))


def _account_evidence(command: ActivateAccount) -> dict[EvidenceItem, str]:
    """What the operator saw, by item (empty: not given); refused when a piece is missing or
    failed, or the bank card number is malformed."""
    given = {
        EvidenceItem.IDENTITY_CARD_ORIGINAL: "checked" if command.identity_card_original else "",
        EvidenceItem.IDENTITY_CARD_COPY: "checked" if command.identity_card_copy else "",
        EvidenceItem.SOCIAL_SECURITY_CARD: (command.card_number or "").strip().upper(),
        EvidenceItem.BANK_CARD: command.bank_card or "",
        EvidenceItem.FACE_RECOGNITION: command.face_recognition.value if command.face_recognition else "",
        EvidenceItem.FINGERPRINT: command.fingerprint.value if command.fingerprint else "",
    }
    check_evidence(MEDICAL_ACCOUNT_EVIDENCE, given, "activation-evidence")
    _refuse_failed(given)
    given[EvidenceItem.BANK_CARD] = parse_input(BankCard, given[EvidenceItem.BANK_CARD], "bank_card").number
    return given


def activate_account(uow: UnitOfWork, command: ActivateAccount, today: dt.date, hooks: Facade = plugins) -> Activation:
    """Activate a person's medical insurance account with their issued card."""
    if not command.checked_by.strip():
        raise InputError(_("checked_by: required, the operator who checks the evidence"))
    given = _account_evidence(command)
    bank_card, card_number = given[EvidenceItem.BANK_CARD], given[EvidenceItem.SOCIAL_SECURITY_CARD]
    bank = hooks.bank_card_issuer(bank_card)
    if bank is None:
        raise RuleViolation(
            "bank-card-issuer",
            _("no installed bank plugin knows the issuer of card BIN {bank_card}").format(bank_card=bank_card[:6]),
        )
    with uow:
        person = get_person(uow, command.citizen_id.number)
        account = uow.accounts.get(person.citizen_id.number)
        if account is None:
            raise RuleViolation("employee-account", _("only employee medical insurance has an individual account"))
        card = uow.cards.by_card_number(card_number)
        if card is None or card.citizen_id != person.citizen_id.number:
            raise RuleViolation("card-holder", _("card {card_number} is not this person's card").format(card_number=card_number))
        move_card(uow, card, attrs.evolve(card, state=CardState.ACTIVATED), today, {"bank": bank})
        activation = Activation(
            citizen_id=person.citizen_id.number,
            kind=ActivationKind.MEDICAL_ACCOUNT,
            activated_on=today,
            evidence=_evidence(given, command.checked_by.strip(), command.checkers),
            card_number=card.card_number,
            bank_card=bank_card,
            bank=bank,
        )
        uow.activations.add(activation)
        if account.activated_on is None:  # a replacement card keeps the first activation date
            uow.accounts.set_activated(person.citizen_id.number, today)
        uow.audit.record(
            "account.activate",
            person.citizen_id.number,
            card=card.card_number,
            bank=bank,
            evidence={e.item.value: e.checked_by for e in activation.evidence},
        )
        uow.commit()
    return activation


def activate_certificate(uow: UnitOfWork, command: ActivateCertificate, today: dt.date) -> Activation:
    """The electronic medical insurance certificate, after real-name and real-person checks."""
    if not command.checked_by.strip():
        raise InputError(_("checked_by: required, who or what checked the authentication"))
    given = {
        EvidenceItem.REAL_NAME: command.real_name.value if command.real_name else "",
        EvidenceItem.REAL_PERSON: command.real_person.value if command.real_person else "",
    }
    check_evidence(ECERT_EVIDENCE, given, "ecert-evidence")
    _refuse_failed(given)
    with uow:
        person = get_person(uow, command.citizen_id.number)
        if uow.activations.of_person(person.citizen_id.number, ActivationKind.ELECTRONIC_CERTIFICATE):
            raise RuleViolation("ecert-once", _("the electronic certificate is already activated"))
        activation = Activation(
            citizen_id=person.citizen_id.number,
            kind=ActivationKind.ELECTRONIC_CERTIFICATE,
            activated_on=today,
            evidence=_evidence(given, command.checked_by.strip(), {}),
        )
        uow.activations.add(activation)
        uow.audit.record("account.activate-ecert", person.citizen_id.number, via=command.via, checked_by=command.checked_by)
        uow.commit()
    return activation


def activations(uow: UnitOfWork, citizen_id: str) -> list[Activation]:
    person = get_person(uow, citizen_id)
    return uow.activations.of_person(person.citizen_id.number)
