"""Manual reimbursement at the insured place (手工报销): a visit that could not be settled
directly is applied for with its invoice, approved (settled with the same rules and the
insured place's policy, counted in the same year to date) or rejected, paid to the person's
bank card, and reversible. One invoice number is reimbursed once."""

import datetime as dt
from typing import Any

import attrs

from shebao import plugins
from shebao.convert import parse_input
from shebao.errors import InputError, RuleViolation, must_exist
from shebao.i18n import _
from shebao.ids import BankCard
from shebao.model.fund import Reimbursement, ReimbursementReason, ReimbursementState, TreatedAt
from shebao.model.institution import InstitutionLevel, Service
from shebao.model.person import Person
from shebao.model.settlement import FilingFacts, InstitutionFacts, Settlement
from shebao.plugins import Facade
from shebao.policy import Policy, ReimbursementCatalogue
from shebao.rules.filing import retroactive_filing
from shebao.services.entitlement import refuse_unless_entitled
from shebao.services.people import get_person
from shebao.services.settlement import PersonState, read_person_state, reverse_in, settle_for, settlement_of
from shebao.services.settlement import context as settlement_context
from shebao.services.settlement.bills import bill_from_data
from shebao.store.ports import UnitOfWork

_EXTRA = ("reason", "receipts", "institution_name", "institution_region", "institution_level")


def _choice(value: object, kind: Any, path: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(member.value for member in kind)
        raise InputError(_("{value!r} is not one of {known} @ $.{path}").format(value=value, known=known, path=path)) from None


def _checked_extras(data: dict[str, Any]) -> tuple[list[str], str, str]:
    """The receipts and the institution's name and region, each there and well formed."""
    missing = [name for name in _EXTRA if name not in data]
    if missing:
        raise InputError("; ".join(f"required @ $.{name}" for name in missing))
    receipts = data["receipts"]
    if not isinstance(receipts, list) or not receipts or not all(isinstance(r, str) and r.strip() for r in receipts):
        raise InputError(_("a list of one or more receipt numbers @ $.receipts"))
    name, region = data["institution_name"], data["institution_region"]
    if not isinstance(name, str) or not name.strip():
        raise InputError(_("must not be empty @ $.institution_name"))
    if not isinstance(region, str) or len(region) != 6 or not region.isdigit():
        raise InputError(_("a 6-digit GB/T 2260 code @ $.institution_region"))
    return receipts, name, region


def reimbursement_from_data(data: Any, citizen_id: str, number: int, today: dt.date) -> Reimbursement:
    """An application from its JSON document: a bill (``bill_number`` is the invoice number) with
    ``reason``, ``receipts`` and the institution as the invoice names it."""
    if not isinstance(data, dict):
        raise InputError(_("a reimbursement application must be a JSON object @ $"))
    receipts, name, region = _checked_extras(data)
    reason = _choice(data["reason"], ReimbursementReason, "reason")
    level = _choice(data["institution_level"], InstitutionLevel, "institution_level")
    bill_data = {key: value for key, value in data.items() if key not in _EXTRA}
    bill_data.setdefault("citizen_id", citizen_id)
    bill_data.setdefault("institution_code", f"MANUAL-{region}")
    bill = bill_from_data(bill_data)
    if bill.citizen_id.number != citizen_id:
        raise InputError(_("the invoice names another person than the application @ $.citizen_id"))
    return Reimbursement(
        id=number,
        bill=bill,
        reason=reason,
        institution=TreatedAt(name.strip(), region, level),
        receipts=tuple(r.strip() for r in receipts),
        state=ReimbursementState.APPLIED,
        applied_on=today,
    )


def apply_reimbursement(uow: UnitOfWork, citizen_id: str, data: Any, today: dt.date, hooks: Facade = plugins) -> Reimbursement:
    with uow:
        person = get_person(uow, citizen_id)
        reimbursement = reimbursement_from_data(data, person.citizen_id.number, uow.reimbursements.next_id(), today)
        bill = reimbursement.bill
        if bill.service_date > today:
            raise RuleViolation(
                "no-future-visit",
                _("the visit of invoice {bill_number} ends {service_date}, after {today}").format(
                    bill_number=bill.bill_number, service_date=bill.service_date, today=today
                ),
            )
        hooks.region(reimbursement.institution.region)  # a known region, or bad input
        existing = uow.reimbursements.live_invoice(bill.bill_number)
        if existing is not None:
            raise RuleViolation(
                "invoice-once",
                _("invoice {bill_number} is in reimbursement {existing} already").format(
                    bill_number=bill.bill_number, existing=existing
                ),
            )
        settled = uow.settlements.live_bill(bill.institution_code, bill.bill_number)
        if settled is not None:
            raise RuleViolation(
                "invoice-once",
                _("invoice {bill_number} was settled directly ({settled})").format(bill_number=bill.bill_number, settled=settled),
            )
        uow.reimbursements.add(reimbursement)
        uow.audit.record(
            "reimbursement.apply",
            person.citizen_id.number,
            reimbursement=reimbursement.id,
            invoice=bill.bill_number,
            reason=reimbursement.reason.value,
            receipts=list(reimbursement.receipts),
        )
        uow.commit()
    return reimbursement


def _get(uow: UnitOfWork, number: int, *states: ReimbursementState) -> Reimbursement:
    found = must_exist(uow.reimbursements.get(number), "reimbursement", str(number))
    if states and found.state not in states:
        wanted = " or ".join(state.value for state in states)
        raise RuleViolation(
            "reimbursement-state",
            _("reimbursement {number} is {value}, not {wanted}").format(number=number, value=found.state.value, wanted=wanted),
        )
    return found


def _filing(uow: UnitOfWork, reimbursement: Reimbursement) -> FilingFacts | None:
    """The filing a reimbursement is settled under: covering the visit, or (retroactive) an
    approved filing for the region made after it."""
    bill, region = reimbursement.bill, reimbursement.institution.region
    context = settlement_context.treatment_context(uow)
    covering = context.covering_filing(bill.citizen_id.number, region, bill.institution_code, bill.service_date)
    if covering is not None or reimbursement.reason is not ReimbursementReason.RETROACTIVE_FILING:
        return covering
    return retroactive_filing(uow.filings.of_person(bill.citizen_id.number), region, bill.service_date)


def _settlement(
    uow: UnitOfWork,
    found: Reimbursement,
    person: Person,
    policy: Policy,
    state: PersonState,
    today: dt.date,
    hooks: Facade = plugins,
) -> Settlement:
    """The application settled under the insured place's policy, no account paying."""
    bill, year = found.bill, found.bill.service_date.year
    if found.reason is ReimbursementReason.EMERGENCY_NON_NETWORKED:
        bill = attrs.evolve(bill, emergency=True)
    treated = found.institution
    institution = InstitutionFacts(bill.institution_code, treated.name, treated.region, treated.level, True, frozenset(Service))
    catalogue_region = (
        person.insured_region if policy.reimbursement.catalogue is ReimbursementCatalogue.INSURED_PLACE else treated.region
    )
    filing = _filing(uow, found) if person.insured_region[:2] != treated.region[:2] else None
    catalogue = hooks.catalogue(hooks.region(catalogue_region), year)
    result = settle_for(bill, catalogue, institution, person, policy, filing, state.years, None)
    return settlement_of(uow, uow.settlements.new_ids(1)[0], bill, person, institution, result, today)


def approve_reimbursement(
    uow: UnitOfWork, number: int, today: dt.date, hooks: Facade = plugins
) -> tuple[Reimbursement, Settlement]:
    """Settle the application with the same rules: entitlement on the visit date, the insured
    place's policy (and the catalogue it names), the year to date; nothing from the account
    (the person paid the institution in full)."""
    with uow:
        found = _get(uow, number, ReimbursementState.APPLIED)
        person = get_person(uow, found.citizen_id)
        link = uow.family.live_of_member(found.citizen_id)
        uow.lock_persons([found.citizen_id, link.holder] if link is not None else [found.citizen_id])  # as a settlement does
        bill = found.bill
        year = bill.service_date.year
        policy = hooks.policy(hooks.region(person.insured_region), person.scheme, year)
        if found.reason is ReimbursementReason.RETROACTIVE_FILING and not policy.reimbursement.retroactive_filing:
            raise RuleViolation(
                "retroactive-filing",
                _("the policy of {insured_region} allows no retroactive filing").format(insured_region=person.insured_region),
            )
        state: PersonState = read_person_state(uow, person, year)
        refuse_unless_entitled(bill, state.facts, policy, check_certificate=False)
        settlement = _settlement(uow, found, person, policy, state, today, hooks=hooks)
        result = settlement.result
        uow.settlements.add(settlement)
        approved = attrs.evolve(found, state=ReimbursementState.APPROVED, decided_on=today, settlement_id=settlement.id)
        uow.reimbursements.update(approved)
        uow.audit.record(
            "reimbursement.approve",
            found.citizen_id,
            reimbursement=number,
            settlement=settlement.id,
            total=result.total,
            fund=result.fund_total,
        )
        uow.commit()
    return approved, settlement


def reject_reimbursement(uow: UnitOfWork, number: int, reason: str, today: dt.date) -> Reimbursement:
    if not reason.strip():
        raise InputError(_("--reason: required, why the application is rejected"))
    with uow:
        found = _get(uow, number, ReimbursementState.APPLIED)
        rejected = attrs.evolve(found, state=ReimbursementState.REJECTED, decided_on=today, rejection=reason.strip())
        uow.reimbursements.update(rejected)
        uow.audit.record("reimbursement.reject", found.citizen_id, reimbursement=number, reason=reason.strip())
        uow.commit()
    return rejected


def pay_reimbursement(
    uow: UnitOfWork, number: int, bank_card: str, today: dt.date, hooks: Facade = plugins
) -> tuple[Reimbursement, Settlement]:
    """Pay the fund's part to the person's bank card."""
    card = parse_input(BankCard, bank_card, "bank_card").number
    bank = hooks.bank_card_issuer(card)
    if bank is None:
        raise RuleViolation(
            "bank-card-issuer", _("no installed bank plugin knows the issuer of card BIN {card}").format(card=card[:6])
        )
    with uow:
        found = _get(uow, number, ReimbursementState.APPROVED)
        settlement = uow.settlements.get(found.settlement_id or 0)
        assert settlement is not None, "an approved reimbursement has its settlement"
        paid = attrs.evolve(found, state=ReimbursementState.PAID, paid_on=today, bank_card=card, bank=bank)
        uow.reimbursements.update(paid)
        uow.audit.record(
            "reimbursement.pay", found.citizen_id, reimbursement=number, amount=settlement.result.fund_total, bank=bank
        )
        uow.commit()
    return paid, settlement


def reverse_reimbursement(uow: UnitOfWork, number: int, today: dt.date) -> tuple[Reimbursement, Settlement]:
    """Reverse an approved or paid reimbursement: its settlement is reversed (the year to date
    restored) and the invoice may be applied for again."""
    with uow:
        found = _get(uow, number, ReimbursementState.APPROVED, ReimbursementState.PAID)
        settlement = reverse_in(uow, found.settlement_id or 0, today)
        reversed_ = attrs.evolve(found, state=ReimbursementState.REVERSED, reversed_on=today)
        uow.reimbursements.update(reversed_)
        uow.audit.record("reimbursement.reverse", found.citizen_id, reimbursement=number, settlement=settlement.id)
        uow.commit()
    return reversed_, settlement


def get_reimbursement(uow: UnitOfWork, number: int) -> tuple[Reimbursement, Settlement | None]:
    found = _get(uow, number)
    return found, uow.settlements.get(found.settlement_id) if found.settlement_id else None


def find_reimbursements(uow: UnitOfWork, citizen_id: str | None, state: ReimbursementState | None) -> list[Reimbursement]:
    number = get_person(uow, citizen_id).citizen_id.number if citizen_id else None
    return uow.reimbursements.search(number, state)


REASON_NAMES = {
    ReimbursementReason.EMERGENCY_NON_NETWORKED: "非联网医疗机构急诊",
    ReimbursementReason.RETROACTIVE_FILING: "就医后补办异地就医备案",
    ReimbursementReason.CARD_UNREADABLE: "就医凭证无法读取",
}


def statement_notes(found: Reimbursement, settlement: Settlement, reveal: bool) -> tuple[str, ...]:
    """What a reimbursement statement says before the policy source: why, receipts, payment."""
    from shebao.ids import mask
    from shebao.money import yuan

    notes = [
        f"手工报销申请 {found.id}：{REASON_NAMES[found.reason]}；发票号 {found.invoice_number}；"
        f"收据 {'、'.join(found.receipts)}。",
        f"基金应付参保人 {yuan(settlement.result.fund_total)} 元（个人已全额垫付）。",
    ]
    if found.paid_on and found.bank_card:
        card = found.bank_card if reveal else mask(found.bank_card, 4, 4)
        notes.append(f"已于 {found.paid_on} 支付至银行卡 {card}（{found.bank}）。")
    if found.reversed_on:
        notes.append(f"本报销已于 {found.reversed_on} 冲正。")
    return tuple(notes)
