"""What makes an insured person one the fund may pay, done through the real use cases: a card
applied for, paid, produced, issued and collected; the medical account activated with it;
the electronic certificate activated; premiums paid (payroll through an employer, or by a
flexible worker) or, for a retiree, contribution years recognised. The benchmark's world, the
demo and the tests give their persons what entitlement needs with it."""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from shebao.store.ports import UnitOfWork

if TYPE_CHECKING:
    from shebao.model.person import Person

BANK_CARD = "6222024000123456788"  # an ICBC debit card number (BIN 622202), Luhn-valid, fictional
RETIREE_YEARS = 30  # above every bundled province's sample minimum
RESIDENT_PREMIUM = 40_000  # fen a year: 400 yuan, a sample resident premium


def entitle(
    uow: Callable[[], UnitOfWork],
    citizen_id: str,
    day: dt.date,
    *,
    employer: str | None = None,
    months: Iterable[str] = (),
    base: int = 800_000,
    card: bool = True,
    account: bool = True,
    ecert: bool = True,
    paid_on: dt.date | None = None,
) -> str | None:
    """Give a registered person what entitlement reads, on ``day``; returns the card number.
    ``months`` (YYYY-MM) are paid on ``paid_on`` (default ``day``) on ``base`` fen, by the
    ``employer`` (payroll) or by the person; a resident pays the premium of each of their
    years; a retiree gets ``RETIREE_YEARS`` recognised."""
    from shebao.model.person import Scheme
    from shebao.services.activation import ActivateCertificate, Check, activate_certificate
    from shebao.services.people import get_person

    person = get_person(uow(), citizen_id)
    number = person.citizen_id.number
    card_number = _card(uow, number, day, account and person.scheme is Scheme.EMPLOYEE) if card else None
    if ecert:
        activate_certificate(uow(), ActivateCertificate(person.citizen_id, "样例经办", Check.PASSED, Check.PASSED), day)
    _premiums(uow, person, day, employer, months, base, paid_on or day)
    return card_number


def _card(uow: Callable[[], UnitOfWork], number: str, day: dt.date, account: bool) -> str | None:
    """A first card applied for, paid, produced, ready and collected; the account activated with it."""
    from shebao.ids import CitizenId
    from shebao.model.card import CollectionDocument, IdentityDocument
    from shebao.services.activation import ActivateAccount, Check, activate_account
    from shebao.services.cards import ApplyForCard, CollectCard, apply_for_card, collect_card, mark_card_ready, send_to_production
    from shebao.services.payments import RecordPayment, record_payment

    application = apply_for_card(
        uow(), ApplyForCard(CitizenId(number), IdentityDocument.IDENTITY_CARD, "样例地址", phone="13800138000"), day
    )
    if application.notice_number is not None:
        at = dt.datetime.combine(day, dt.time(10))
        record_payment(uow(), RecordPayment(application.notice_number, "icbc", f"R{application.number}", paid_at=at), at)
    send_to_production(uow(), [application.number], day)
    card_number = mark_card_ready(uow(), application.number, day).card_number
    collect_card(uow(), CollectCard(application.number, CollectionDocument.IDENTITY_CARD, registration_form=True), day)
    if account:
        evidence = ActivateAccount(CitizenId(number), "样例经办", True, True, card_number, BANK_CARD, Check.PASSED, Check.PASSED)
        activate_account(uow(), evidence, day)
    return card_number


def _premiums(
    uow: Callable[[], UnitOfWork],
    person: "Person",
    day: dt.date,
    employer: str | None,
    months: Iterable[str],
    base: int,
    paid_on: dt.date,
) -> None:
    """A retiree's years recognised, a resident's premiums, or an employee's contributions."""
    from shebao.ids import CitizenId
    from shebao.model.contribution import ContributionChannel
    from shebao.model.person import Scheme, Status
    from shebao.money import Fen
    from shebao.periods import Month
    from shebao.services.contributions import PayContribution, pay_contribution
    from shebao.services.entitlement import recognise_prior_contributions
    from shebao.services.resident import record_resident_premium

    number = person.citizen_id.number
    if person.status is Status.RETIRED and not uow().entitlement.prior_months(number):
        recognise_prior_contributions(uow(), number, RETIREE_YEARS * 12, "样例：视同缴费及在外地缴费年限", day)
    elif person.scheme is Scheme.RESIDENT:
        for year in sorted({Month.parse(month).year for month in months}):
            receipt = f"SW{year}{number[-8:]}"  # the tax bureau's receipt
            record_resident_premium(uow(), number, year, Fen(RESIDENT_PREMIUM), receipt, paid_on, paid_on)
    elif person.scheme is Scheme.EMPLOYEE:
        channel = ContributionChannel.PAYROLL if employer else ContributionChannel.WECHAT_PAY
        for month in months:
            pay = PayContribution(CitizenId(number), Month.parse(month), Fen(base), channel, employer, f"P{number[-6:]}{month}")
            pay_contribution(uow(), pay, paid_on)
