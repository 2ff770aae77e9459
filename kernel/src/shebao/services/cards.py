"""Use cases of the social security card: apply, produce, ready for collection, collect,
report lost, replace, cancel; and the queries. Payment of the fee is in ``services.payments``.

Every step of a card's life goes through ``move_card``: the rule that the step may follow
(``rules.card``), the new state stored, the step kept as an event and in the audit log."""

import datetime as dt
import re
from collections.abc import Mapping

import attrs

from shebao import plugins
from shebao.convert import parse_input
from shebao.documents import Document
from shebao.documents.card import payment_notice, registration_form
from shebao.errors import InputError, NotFound, RuleViolation, must_exist
from shebao.i18n import N_, _
from shebao.ids import CitizenId, Phone
from shebao.model.card import Agent, CardApplication, CardEvent, CardState, CollectionDocument, IdentityDocument
from shebao.model.payment import ChannelKind, IssuedNotice, NoticeKind, PaymentChannel, PaymentNotice
from shebao.model.person import Person
from shebao.money import ZERO, yuan
from shebao.plugins import Facade
from shebao.rules.card import (
    STEP_ACTIONS,
    card_number,
    check_collection,
    check_first_application,
    check_transition,
    photo_source,
)
from shebao.rules.notices import notice_number, notice_prefix
from shebao.rules.workdays import add_working_days
from shebao.services.people import get_person
from shebao.store.ports import UnitOfWork

CARD_FEE_ITEM = "社会保障卡工本费"
_PHOTO_RECEIPT = re.compile(r"^[0-9A-Za-z-]{6,32}$")
_ETHNICITY = re.compile(r"^[\u4e00-\u9fff]{1,9}族$")  # 汉族, 蒙古族, 塔吉克族 ...


@attrs.frozen
class ApplyForCard:
    """The registration form's required fields: who, which document, where to reach them."""

    citizen_id: CitizenId
    document: IdentityDocument
    address: str
    phone: str | None = None  # defaults to the phone on record
    photo_receipt: str | None = None
    ethnicity: str | None = None  # 民族
    bank: str | None = None  # payment channel code of the bank the card is collected at
    agent_name: str | None = None  # 代办人: all three or none
    agent_id: CitizenId | None = None
    agent_phone: str | None = None


@attrs.frozen
class CollectCard:
    application: str
    document: CollectionDocument | None = None
    agent_id: CitizenId | None = None
    agent_name: str | None = None
    registration_form: bool = False  # the registration form presented


@attrs.frozen
class CardView:
    application: CardApplication
    person: Person
    events: list[CardEvent]
    notice: IssuedNotice | None
    employer: str | None = None  # name of the employer of the person's latest employment


def _new_application_number(uow: UnitOfWork, today: dt.date) -> str:
    prefix = f"SQ{today:%Y%m%d}"
    return f"{prefix}{uow.cards.next_application_sequence(prefix):04d}"


def _card_fee_notice(
    uow: UnitOfWork, person: Person, application: str, today: dt.date, hooks: Facade = plugins
) -> IssuedNotice | None:
    policy = hooks.policy(hooks.region(person.insured_region), person.scheme, today.year).card
    if policy.first_card_fee == 0:
        return None
    prefix = notice_prefix(NoticeKind.CARD_FEE, person.insured_region, today)
    number = notice_number(NoticeKind.CARD_FEE, person.insured_region, today, uow.notices.next_sequence(prefix))
    return IssuedNotice(
        notice=PaymentNotice(
            number=number,
            payer_name=person.name,
            payer_id=person.citizen_id.number,
            item=CARD_FEE_ITEM,
            amount=policy.first_card_fee,
            payee_name=policy.payee_name,
            payee_account=policy.payee_account,
            issued_on=today,
        ),
        kind=NoticeKind.CARD_FEE,
        subject=application,
    )


def _checked_fields(command: ApplyForCard, person: Person) -> tuple[str, str, str | None]:
    """Required fields, checked before anything is stored: phone, address, photo receipt."""
    address = command.address.strip()
    if not address:
        raise InputError(_("address: required, the applicant's mailing address"))
    phone_text = command.phone or person.phone
    if not phone_text:
        raise InputError(_("phone: required, none on record for this person"))
    phone = parse_input(Phone, phone_text, "phone").number
    receipt = command.photo_receipt.strip() if command.photo_receipt else None
    if receipt and not _PHOTO_RECEIPT.match(receipt):
        raise InputError(_("photo receipt number {receipt!r}: 6 to 32 letters, digits or '-'").format(receipt=receipt))
    return phone, address, receipt


def _ethnicity(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    if not _ETHNICITY.match(text.strip()):
        raise InputError(_("ethnicity {text!r}: the group's Chinese name ending in 族, e.g. 汉族").format(text=text))
    return text.strip()


def _agent(command: ApplyForCard) -> Agent | None:
    given = [command.agent_name, command.agent_id, command.agent_phone]
    if all(value is None for value in given):
        return None
    if command.agent_name is None or command.agent_id is None or command.agent_phone is None or not command.agent_name.strip():
        raise InputError(_("agent: give the agent's name, citizen id and phone together"))
    phone = parse_input(Phone, command.agent_phone, "agent_phone", label=N_("agent phone")).number
    return Agent(command.agent_name.strip(), command.agent_id.number, phone)


def collecting_banks(person: Person, year: int, hooks: Facade = plugins) -> list[PaymentChannel]:
    """The installed channels the insured place's policy accepts the card fee at, in its order."""
    policy = hooks.policy(hooks.region(person.insured_region), person.scheme, year).card
    channels = hooks.payment_channels()
    return [channels[code] for code in policy.collecting_banks if code in channels]


def _bank(code: str | None, person: Person, year: int, hooks: Facade = plugins) -> str | None:
    banks = [channel.code for channel in collecting_banks(person, year, hooks=hooks) if channel.kind is ChannelKind.BANK_COUNTER]
    if code is not None and code not in banks:
        raise InputError(
            _("bank {code!r}: the card is collected at one of {value}").format(
                code=code, value=", ".join(banks) or "no installed bank"
            )
        )
    return code


def apply_for_card(uow: UnitOfWork, command: ApplyForCard, today: dt.date, hooks: Facade = plugins) -> CardApplication:
    """A first card: an insured person with no card applies; the fee notice is issued."""
    with uow:
        person = get_person(uow, command.citizen_id.number)
        phone, address, receipt = _checked_fields(command, person)
        ethnicity, agent, bank = (
            _ethnicity(command.ethnicity),
            _agent(command),
            _bank(command.bank, person, today.year, hooks=hooks),
        )
        check_first_application(uow.cards.of_person(person.citizen_id.number))
        application = _new_application(
            uow,
            person,
            command.document,
            receipt,
            phone,
            address,
            today,
            ethnicity=ethnicity,
            agent=agent,
            bank=bank,
            hooks=hooks,
        )
        uow.commit()
    return application


def _new_application(
    uow: UnitOfWork,
    person: Person,
    document: IdentityDocument,
    receipt: str | None,
    phone: str,
    address: str,
    today: dt.date,
    replaces: str | None = None,
    ethnicity: str | None = None,
    agent: Agent | None = None,
    bank: str | None = None,
    hooks: Facade = plugins,
) -> CardApplication:
    source = photo_source(person, document, receipt)
    number = _new_application_number(uow, today)
    notice = _card_fee_notice(uow, person, number, today, hooks=hooks)
    application = CardApplication(
        number=number,
        citizen_id=person.citizen_id.number,
        applied_on=today,
        region=person.insured_region,
        document=document,
        photo_source=source,
        photo_receipt=receipt,
        phone=phone,
        address=address,
        fee=notice.notice.amount if notice else ZERO,
        notice_number=notice.number if notice else None,
        state=CardState.APPLIED,
        replaces=replaces,
        ethnicity=ethnicity,
        agent=agent,
        bank=bank,
    )
    if notice is not None:
        uow.notices.add(notice)
    uow.cards.add(application)
    detail = {"document": document.value, "photo": source.value}
    if notice is not None:
        detail.update(notice=notice.number, fee=yuan(notice.notice.amount))
    if replaces is not None:
        detail["replaces"] = replaces
    _kept(uow, application, today, detail)
    if notice is None:  # a free card goes to payment's next step at once
        application = _mark_paid(uow, application, today, receipt="free", hooks=hooks)
    return application


def _mark_paid(
    uow: UnitOfWork, application: CardApplication, paid_on: dt.date, receipt: str, hooks: Facade = plugins
) -> CardApplication:
    """The fee is paid: the production clock starts (working days on the official calendar)."""
    person = get_person(uow, application.citizen_id)
    policy = hooks.policy(hooks.region(person.insured_region), person.scheme, paid_on.year).card
    ready = add_working_days(paid_on, policy.production_working_days)
    paid = attrs.evolve(
        application, state=CardState.PAID, paid_on=paid_on, ready_by=ready.day, ready_by_estimated=ready.estimated
    )
    ready_by = ready.day.isoformat() + (" (estimate)" if ready.estimated else "")
    return move_card(uow, application, paid, paid_on, {"receipt": receipt, "ready_by": ready_by})


def mark_card_paid(
    uow: UnitOfWork, application_number: str, paid_on: dt.date, receipt: str, hooks: Facade = plugins
) -> CardApplication:
    """Inside a payment's transaction: the notice of ``application_number`` is paid."""
    return _mark_paid(uow, _get(uow, application_number), paid_on, receipt, hooks=hooks)


def _get(uow: UnitOfWork, number: str) -> CardApplication:
    found = must_exist(uow.cards.get(number.strip().upper()), "card application", number)
    return found


def move_card(
    uow: UnitOfWork,
    before: CardApplication,
    after: CardApplication,
    on: dt.date,
    detail: Mapping[str, str],
    card_sequence: int | None = None,
) -> CardApplication:
    """One step of a card's life, from ``before`` to ``after`` (the same application in its
    next state): refused unless the step may follow, then stored and kept; returns ``after``."""
    assert before.number == after.number
    check_transition(before, after.state)
    uow.cards.update(after, card_sequence=card_sequence)
    return _kept(uow, after, on, detail)


def _kept(uow: UnitOfWork, application: CardApplication, on: dt.date, detail: Mapping[str, str]) -> CardApplication:
    """The step that brought ``application`` to its state, as an event and in the audit log."""
    uow.cards.add_event(application.number, application.state, on, **detail)
    uow.audit.record(STEP_ACTIONS[application.state], application.citizen_id, application=application.number, **detail)
    return application


def _step(uow: UnitOfWork, number: str, target: CardState, today: dt.date, **detail: str) -> CardApplication:
    """Move an application to ``target``, changing nothing else."""
    before = _get(uow, number)
    return move_card(uow, before, attrs.evolve(before, state=target), today, detail)


def send_to_production(uow: UnitOfWork, numbers: list[str], today: dt.date) -> list[CardApplication]:
    """Paid applications go to the card maker (one batch, one transaction)."""
    with uow:
        sent = [_step(uow, number, CardState.IN_PRODUCTION, today) for number in numbers]
        uow.commit()
    return sent


def mark_card_ready(uow: UnitOfWork, number: str, today: dt.date) -> CardApplication:
    """The maker has delivered the card: its 9-character number is assigned, and the card
    waits at the service outlet, ready for collection."""
    with uow:
        before = _get(uow, number)
        sequence = uow.cards.next_card_sequence()
        made = attrs.evolve(before, state=CardState.READY, card_number=card_number(sequence))
        ready = move_card(uow, before, made, today, {"card_number": card_number(sequence)}, card_sequence=sequence)
        uow.commit()
    return ready


def collect_card(uow: UnitOfWork, command: CollectCard, today: dt.date) -> CardApplication:
    """The holder (or an agent) collects the card with an identity document and the form:
    the card is issued."""
    check_collection(command.document, command.agent_id.number if command.agent_id else None, command.registration_form)
    detail = {"document": command.document.value if command.document else "", "registration_form": "presented"}
    if command.agent_id is not None:
        if command.document is not CollectionDocument.AGENT_IDENTITY_CARD:
            raise InputError(_("an agent's identity number goes with --document agent-identity-card"))
        detail["agent_id"] = command.agent_id.number
        detail["agent_name"] = command.agent_name or ""
    with uow:
        before = _get(uow, command.application)
        if command.agent_id is not None and command.agent_id.number == before.citizen_id:
            raise RuleViolation("collection-materials", _("the agent is the holder: collect with the identity card instead"))
        issued = move_card(uow, before, attrs.evolve(before, state=CardState.ISSUED, issued_on=today), today, detail)
        uow.commit()
    return issued


def report_lost(uow: UnitOfWork, number: str, today: dt.date) -> CardApplication:
    """A lost card is suspended at once: it no longer settles bills."""
    with uow:
        lost = _step(uow, number, CardState.LOST, today, suspended="yes")
        uow.commit()
    return lost


def replace_card(
    uow: UnitOfWork, number: str, today: dt.date, address: str | None = None, hooks: Facade = plugins
) -> CardApplication:
    """A lost card is replaced by a new application: new notice, new card number later."""
    with uow:
        replaced = _step(uow, number, CardState.REPLACED, today)
        person = get_person(uow, replaced.citizen_id)
        new = _new_application(
            uow,
            person,
            replaced.document,
            replaced.photo_receipt,
            replaced.phone,
            address.strip() if address and address.strip() else replaced.address,
            today,
            replaces=replaced.number,
            ethnicity=replaced.ethnicity,
            bank=replaced.bank,
            hooks=hooks,
        )
        uow.commit()
    return new


def cancel_card(uow: UnitOfWork, number: str, today: dt.date, reason: str) -> CardApplication:
    if not reason.strip():
        raise InputError(_("reason: required to cancel a card or an application"))
    with uow:
        cancelled = _step(uow, number, CardState.CANCELLED, today, reason=reason.strip())
        uow.commit()
    return cancelled


# ---- queries ----------------------------------------------------------------------------


def find_application(uow: UnitOfWork, key: str) -> CardApplication:
    """An application by its number, by card number, or a person's latest by citizen id."""
    text = key.strip().upper()
    found = uow.cards.get(text) or (uow.cards.by_card_number(text) if len(text) == 9 else None)
    if found is not None:
        return found
    if len(text) in (15, 18):
        person = get_person(uow, text)
        applications = uow.cards.of_person(person.citizen_id.number)
        if applications:
            return applications[-1]
    raise NotFound(N_("card application"), key)


def card_view(uow: UnitOfWork, key: str) -> CardView:
    application = find_application(uow, key)
    return CardView(
        application=application,
        person=get_person(uow, application.citizen_id),
        events=uow.cards.events(application.number),
        notice=uow.notices.get(application.notice_number) if application.notice_number else None,
        employer=_employer_name(uow, application.citizen_id),
    )


def _employer_name(uow: UnitOfWork, citizen_id: str) -> str | None:
    employments = uow.employers.employments(citizen_id=citizen_id)
    if not employments:
        return None
    latest = max(employments, key=lambda employment: employment.started_on)
    employer = uow.employers.get(latest.employer_uscc)
    return employer.name if employer else None


def list_applications(
    uow: UnitOfWork, state: CardState | None, late_on: dt.date | None = None, limit: int = 100, offset: int = 0
) -> list[CardApplication]:
    """Applications, optionally by state; ``late_on``: paid ones past their ready-by date."""
    found = uow.cards.search(state, limit, offset)
    if late_on is not None:
        waiting = {CardState.PAID, CardState.IN_PRODUCTION}
        found = [a for a in found if a.state in waiting and a.ready_by is not None and a.ready_by < late_on]
    return found


def registration_form_of(uow: UnitOfWork, key: str, today: dt.date, hooks: Facade = plugins) -> Document:
    """The registration form of an application, with the person's employer and the banks
    the insured place collects cards at."""
    view = card_view(uow, key)
    person = view.person
    policy = hooks.policy(hooks.region(person.insured_region), person.scheme, view.application.applied_on.year).card
    return registration_form(
        person,
        view.application,
        today,
        employer=view.employer,
        banks=tuple(collecting_banks(person, view.application.applied_on.year, hooks=hooks)),
        production_working_days=policy.production_working_days,
    )


def fee_notice_of(uow: UnitOfWork, key: str, hooks: Facade = plugins) -> Document:
    """The card fee's payment notice, with the channels the insured place accepts it at."""
    view = card_view(uow, key)
    if view.notice is None:
        raise RuleViolation(
            "card-fee", _("application {number} is free: there is no notice").format(number=view.application.number)
        )
    person, year = view.person, view.notice.notice.issued_on.year
    policy = hooks.policy(hooks.region(person.insured_region), person.scheme, year).card
    return payment_notice(view.notice, collecting_banks(person, year, hooks=hooks), policy)
