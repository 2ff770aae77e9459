"""Use cases of notices and payments: a contribution notice for self-paying persons, a
payment keyed in at the counter, and reconciliation of a channel's collection statement.

A payment is credited to exactly one notice; its notice number says what it pays for
(``rules.notices``): the card fee moves the card application to *paid*, a contribution
notice records the month's premium and credits the individual account.
"""

import datetime as dt
import enum
import hashlib
from collections.abc import Callable

import attrs

from shebao import plugins
from shebao.documents import Document
from shebao.documents.card import payment_notice
from shebao.errors import InputError, RuleViolation, must_exist
from shebao.i18n import _
from shebao.ids import CitizenId
from shebao.model.account import AccountEntry, EntryKind
from shebao.model.card import CardState
from shebao.model.contribution import Contribution, ContributionChannel
from shebao.model.payment import (
    ChannelKind,
    CollectedPayment,
    IssuedNotice,
    NoticeKind,
    Payment,
    PaymentChannel,
    PaymentMethod,
    PaymentNotice,
    PaymentProblem,
)
from shebao.model.person import SELF_PAYING
from shebao.money import Fen, yuan
from shebao.periods import Month
from shebao.plugins import Facade
from shebao.rules.contribution import assess_contribution, check_contribution_period
from shebao.rules.notices import notice_kind, notice_number, notice_prefix
from shebao.rules.register import check_month_insured
from shebao.services.cards import mark_card_paid
from shebao.services.contributions import book_contribution
from shebao.services.payment_problems import keep_problem
from shebao.services.people import get_person
from shebao.store.ports import UnitOfWork

CONTRIBUTION_ITEM = "基本医疗保险费"

_CONTRIBUTION_CHANNELS = {
    PaymentMethod.COUNTER: ContributionChannel.BANK_COUNTER,
    PaymentMethod.ONLINE_BANKING: ContributionChannel.ONLINE_BANKING,
    PaymentMethod.CREDIT_CARD: ContributionChannel.CREDIT_CARD,
    PaymentMethod.WECHAT_PAY: ContributionChannel.WECHAT_PAY,
    PaymentMethod.ALIPAY: ContributionChannel.ALIPAY,
}


@attrs.frozen
class IssueContributionNotice:
    citizen_id: CitizenId
    period: Month
    base: Fen


@attrs.frozen
class RecordPayment:
    """A payment keyed in at the counter from the bank's slip or the app's receipt."""

    notice_number: str
    channel: str
    receipt: str
    amount: Fen | None = None  # the notice's amount unless given
    paid_at: dt.datetime | None = None  # now unless given
    method: PaymentMethod | None = None  # the channel's usual method unless given


class Outcome(enum.Enum):
    APPLIED = "applied"
    ALREADY_IMPORTED = "already-imported"  # this channel's receipt is already credited
    UNKNOWN_NOTICE = "unknown-notice"
    WRONG_AMOUNT = "wrong-amount"
    ALREADY_PAID = "already-paid"  # another payment already settled the notice: a duplicate
    DUPLICATE_LINE = "duplicate-line"  # the same receipt twice in one file
    NOT_ACCEPTED = "not-accepted"  # the notice cannot take this payment (channel, state)
    REVERSED = "reversed"  # a refund or reversal undid its payment's credit
    UNKNOWN_PAYMENT = "unknown-payment"  # a refund or reversal of no payment credited here


@attrs.frozen
class LineReport:
    line: int
    notice_number: str
    amount: Fen
    receipt: str
    outcome: Outcome
    message: str = ""


@attrs.frozen
class ImportReport:
    channel: str
    digest: str
    lines: tuple[LineReport, ...]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for line in self.lines if line.outcome is outcome)

    @property
    def problems(self) -> tuple[LineReport, ...]:
        ok = (Outcome.APPLIED, Outcome.ALREADY_IMPORTED, Outcome.REVERSED)
        return tuple(line for line in self.lines if line.outcome not in ok)

    @property
    def credited(self) -> Fen:
        return Fen(sum(line.amount for line in self.lines if line.outcome is Outcome.APPLIED))

    @property
    def reversed(self) -> Fen:
        return Fen(sum(line.amount for line in self.lines if line.outcome is Outcome.REVERSED))


def default_method(channel: PaymentChannel) -> PaymentMethod:
    if channel.kind is ChannelKind.ONLINE:
        for method in (PaymentMethod.WECHAT_PAY, PaymentMethod.ALIPAY):
            if method.value == channel.code:
                return method
        return PaymentMethod.ONLINE_BANKING
    return PaymentMethod.COUNTER


# ---- contribution notices ----------------------------------------------------------------


def issue_contribution_notice(
    uow: UnitOfWork, command: IssueContributionNotice, today: dt.date, hooks: Facade = plugins
) -> IssuedNotice:
    """A flexible worker or individual business household is given a notice for a month's
    premium, payable on any channel (counter, online banking, WeChat Pay, Alipay, credit card)."""
    check_contribution_period(command.period, command.base, today)
    with uow:
        person = get_person(uow, command.citizen_id.number)
        check_month_insured(uow.person_history.events(person.citizen_id.number), command.period)
        if person.status not in SELF_PAYING:
            raise RuleViolation(
                "self-paying",
                _("a person who is {value} does not pay premiums by notice; the employer remits").format(
                    value=person.status.value
                ),
            )
        if uow.contributions.get(person.citizen_id.number, command.period) is not None:
            raise RuleViolation("pay-once-per-month", _("{period} is already paid for this person").format(period=command.period))
        if uow.notices.contribution_notice(person.citizen_id.number, command.period) is not None:
            raise RuleViolation(
                "one-notice-per-month", _("a notice for {period} is already issued").format(period=command.period)
            )
        policy = hooks.policy(hooks.region(person.insured_region), person.scheme, command.period.year)
        assessment = assess_contribution(person, command.base, policy.contribution, employer_paid=False)
        prefix = notice_prefix(NoticeKind.CONTRIBUTION, person.insured_region, today)
        number = notice_number(NoticeKind.CONTRIBUTION, person.insured_region, today, uow.notices.next_sequence(prefix))
        issued = IssuedNotice(
            notice=PaymentNotice(
                number=number,
                payer_name=person.name,
                payer_id=person.citizen_id.number,
                item=f"{CONTRIBUTION_ITEM}（{command.period}）",
                amount=assessment.total,
                payee_name=policy.card.payee_name,
                payee_account=policy.card.payee_account,
                issued_on=today,
            ),
            kind=NoticeKind.CONTRIBUTION,
            subject=person.citizen_id.number,
            period=command.period,
            assessment=assessment,
        )
        uow.notices.add(issued)
        uow.audit.record("notice.issue", person.citizen_id.number, notice=number, amount=assessment.total)
        uow.commit()
    return issued


def get_notice(uow: UnitOfWork, number: str) -> IssuedNotice:
    return must_exist(uow.notices.get(number.strip().upper()), "payment notice", number)


# ---- one payment --------------------------------------------------------------------------


def _problem(
    uow: UnitOfWork, issued: IssuedNotice, channel: PaymentChannel, amount: Fen, on: dt.date, hooks: Facade = plugins
) -> Outcome | None:
    """Why ``issued`` cannot take this payment (checked before anything is written)."""
    if issued.is_paid:
        return Outcome.ALREADY_PAID
    earlier = uow.payments.of_notice(issued.number)
    if earlier is not None and earlier.reversed_on is not None:
        return Outcome.NOT_ACCEPTED
    if amount != issued.notice.amount:
        return Outcome.WRONG_AMOUNT
    if issued.kind is NoticeKind.CARD_FEE:
        person = get_person(uow, issued.notice.payer_id)
        policy = hooks.policy(hooks.region(person.insured_region), person.scheme, on.year).card
        application = uow.cards.get(issued.subject)
        if channel.code not in policy.collecting_banks:
            return Outcome.NOT_ACCEPTED
        if application is None or application.state is not CardState.APPLIED:
            return Outcome.NOT_ACCEPTED
    elif issued.period is not None and uow.contributions.get(issued.subject, issued.period) is not None:
        return Outcome.ALREADY_PAID
    return None


def _explain(outcome: Outcome, issued: IssuedNotice | None, amount: Fen, channel: PaymentChannel) -> str:
    if issued is None:
        return _("no such notice")
    if outcome is Outcome.WRONG_AMOUNT:
        return _("notice asks {asked}, paid {paid}").format(asked=yuan(issued.notice.amount), paid=yuan(amount))
    if outcome is Outcome.ALREADY_PAID:
        receipt = issued.paid_receipt or _("recorded elsewhere")
        return _("notice already paid (receipt {receipt}): refund the duplicate").format(receipt=receipt)
    if outcome is Outcome.NOT_ACCEPTED:
        return _(
            "notice {number} cannot be paid through {channel} now (collecting banks, application state, or its "
            "payment was refunded: the month is paid with contribution pay)"
        ).format(number=issued.number, channel=channel.code)
    return ""


def _apply(uow: UnitOfWork, issued: IssuedNotice, payment: Payment, hooks: Facade = plugins) -> None:
    uow.payments.add(payment)
    uow.notices.mark_paid(issued.number, payment.receipt)
    if issued.kind is NoticeKind.CARD_FEE:
        mark_card_paid(uow, issued.subject, payment.paid_at.date(), payment.receipt, hooks=hooks)
    else:
        assert issued.period is not None and issued.assessment is not None
        contribution = Contribution(
            citizen_id=issued.subject,
            period=issued.period,
            assessment=issued.assessment,
            channel=_CONTRIBUTION_CHANNELS[payment.method],
            paid_on=payment.paid_at.date(),
            receipt=payment.receipt,
        )
        book_contribution(uow, contribution)
    uow.audit.record(
        "payment.record",
        issued.notice.payer_id,
        notice=issued.number,
        channel=payment.channel,
        method=payment.method.value,
        amount=payment.amount,
        receipt=payment.receipt,
        source=payment.source,
    )


def record_payment(uow: UnitOfWork, command: RecordPayment, now: dt.datetime, hooks: Facade = plugins) -> tuple[Payment, bool]:
    """Credit a payment to its notice. The same receipt again changes nothing (``False``)."""
    channel = hooks.payment_channel(command.channel)
    receipt = command.receipt.strip()
    if not receipt:
        raise InputError(_("receipt: required, the bank's receipt (serial) number"))
    paid_at = command.paid_at or now
    if paid_at.date() > now.date():
        raise InputError(_("payment time {isoformat} is in the future").format(isoformat=paid_at.isoformat()))
    with uow:
        issued = get_notice(uow, command.notice_number)
        earlier = uow.payments.by_receipt(channel.code, receipt)
        if earlier is not None:
            if earlier.notice_number == issued.number:
                return earlier, False
            raise RuleViolation(
                "receipt-once",
                _("{code} receipt {receipt} already paid notice {notice_number}").format(
                    code=channel.code, receipt=receipt, notice_number=earlier.notice_number
                ),
            )
        amount = command.amount if command.amount is not None else issued.notice.amount
        problem = _problem(uow, issued, channel, amount, paid_at.date(), hooks=hooks)
        if problem is not None:
            raise RuleViolation(problem.value, _explain(problem, issued, amount, channel))
        payment = Payment(
            notice_number=issued.number,
            channel=channel.code,
            method=command.method or default_method(channel),
            amount=amount,
            paid_at=paid_at,
            receipt=receipt,
            recorded_on=now.date(),
            source="counter",
        )
        _apply(uow, issued, payment, hooks=hooks)
        uow.commit()
    return payment, True


# ---- reconciliation ---------------------------------------------------------------------------


@attrs.frozen
class Statement:
    """A channel's statement file, parsed whole by its plugin before anything is matched."""

    channel: PaymentChannel
    payments: tuple[CollectedPayment, ...]
    digest: str  # of the file's bytes, recorded with every payment it credits


def read_statement(channel_code: str, content: bytes, hooks: Facade = plugins) -> Statement:
    """Parse a statement; a malformed file is refused (exit 2) with one clear line."""
    channel = hooks.payment_channel(channel_code)
    collected = hooks.parse_statement(channel, content)
    return Statement(channel, tuple(collected), hashlib.sha256(content).hexdigest()[:16])


def import_statement(
    uow: UnitOfWork,
    statement: Statement,
    now: dt.datetime,
    progress: Callable[[int], None] | None = None,
    hooks: Facade = plugins,
) -> ImportReport:
    """Match a parsed statement to notices, in one transaction.

    Each line is credited once: a receipt already credited is skipped, and unknown
    notices, wrong amounts and duplicates are reported, not applied."""
    channel, digest = statement.channel, statement.digest
    reports: list[LineReport] = []
    seen: set[str] = set()
    with uow:
        for index, line in enumerate(statement.payments, start=1):
            reports.append(_reconcile(uow, channel, line, index, seen, now, digest, hooks=hooks))
            if progress is not None:
                progress(1)
        report = ImportReport(channel.code, digest, tuple(reports))
        reversals = {line.line or index for index, line in enumerate(statement.payments, start=1) if line.reversal}
        kept = sum(keep_problem(uow, _kept_problem(channel, digest, problem, reversals, now)) for problem in report.problems)
        uow.audit.record(
            "payment.import",
            channel.code,
            digest=digest,
            lines=len(reports),
            applied=report.count(Outcome.APPLIED),
            reversed=report.count(Outcome.REVERSED),
            problems=len(report.problems),
            problems_kept=kept,
        )
        uow.commit()
    return report


def _kept_problem(
    channel: PaymentChannel, digest: str, problem: LineReport, reversals: set[int], now: dt.datetime
) -> PaymentProblem:
    """A statement line that was not applied, kept open for the counter."""
    return PaymentProblem(
        id=0,
        channel=channel.code,
        statement=digest,
        line=problem.line,
        notice_number=problem.notice_number,
        amount=problem.amount,
        receipt=problem.receipt,
        reversal=problem.line in reversals,
        problem=problem.outcome.value,
        message=problem.message,
        found_on=now.date(),
    )


def _reconcile(
    uow: UnitOfWork,
    channel: PaymentChannel,
    line: CollectedPayment,
    index: int,
    seen: set[str],
    now: dt.datetime,
    digest: str,
    hooks: Facade = plugins,
) -> LineReport:
    number = line.notice_number.strip().upper()

    def report(outcome: Outcome, message: str = "") -> LineReport:
        return LineReport(line.line or index, number, line.amount, line.receipt, outcome, message)

    if line.channel != channel.code:
        return report(Outcome.NOT_ACCEPTED, f"line is for channel {line.channel}, not {channel.code}")
    if line.reversal:
        return _reconcile_reversal(uow, channel, line, seen, now, digest, report)
    if line.receipt in seen:
        return report(Outcome.DUPLICATE_LINE, "the same receipt appears earlier in this file")
    seen.add(line.receipt)
    if uow.payments.by_receipt(channel.code, line.receipt) is not None:
        return report(Outcome.ALREADY_IMPORTED)
    issued = uow.notices.get(number) if notice_kind(number) is not None else None
    if issued is None:
        return report(Outcome.UNKNOWN_NOTICE, _("no such notice") if notice_kind(number) else _("not a notice number"))
    problem = _problem(uow, issued, channel, line.amount, line.paid_at.date(), hooks=hooks)
    if problem is not None:
        return report(problem, _explain(problem, issued, line.amount, channel))
    payment = Payment(
        notice_number=issued.number,
        channel=channel.code,
        method=line.method or default_method(channel),
        amount=line.amount,
        paid_at=line.paid_at,
        receipt=line.receipt,
        recorded_on=now.date(),
        source=f"statement:{digest}",
    )
    _apply(uow, issued, payment, hooks=hooks)
    kind = "card fee" if issued.kind is NoticeKind.CARD_FEE else f"contribution {issued.period}"
    return report(Outcome.APPLIED, kind)


def _reconcile_reversal(
    uow: UnitOfWork,
    channel: PaymentChannel,
    line: CollectedPayment,
    seen: set[str],
    now: dt.datetime,
    digest: str,
    report: Callable[..., LineReport],
) -> LineReport:
    """A refund or reversal of a notice's payment on this channel undoes its credit once: the notice is owed again, a
    contribution's month unpaid and its account credit taken back with an entry."""
    number = line.notice_number.strip().upper()
    key = f"reversal:{number}"
    if key in seen:
        return report(Outcome.DUPLICATE_LINE, "a refund of the same notice appears earlier in this file")
    seen.add(key)
    paid = uow.payments.of_notice(number)
    if paid is None or paid.channel != channel.code:
        return report(Outcome.UNKNOWN_PAYMENT, f"no {channel.code} payment of notice {number} was credited")
    if paid.reversed_on is not None:
        return report(Outcome.ALREADY_IMPORTED)
    if line.amount != paid.amount:
        return report(Outcome.WRONG_AMOUNT, f"refund of {yuan(line.amount)}, the payment was {yuan(paid.amount)}: settle by hand")
    issued = get_notice(uow, paid.notice_number)
    if issued.kind is NoticeKind.CARD_FEE:
        return report(Outcome.NOT_ACCEPTED, "a card fee refund withdraws the application: settle it at the counter")
    entry = _credit_reversal(uow, issued, paid, line.paid_at.date())
    if entry is not None and uow.accounts.balances([entry.citizen_id]).get(entry.citizen_id, 0) + entry.amount < 0:
        return report(Outcome.NOT_ACCEPTED, "the account has already spent the credit this refund takes back: settle by hand")
    uow.payments.mark_reversed(channel.code, paid.receipt, line.paid_at.date(), f"statement:{digest}:{line.receipt}")
    uow.notices.mark_unpaid(issued.number)
    if issued.period is not None:
        stored = uow.contributions.get(issued.subject, issued.period)
        if stored is not None and stored.receipt == paid.receipt:
            uow.contributions.remove(issued.subject, issued.period)
    if entry is not None:
        uow.accounts.post(entry)
    uow.audit.record(
        "payment.reverse",
        issued.notice.payer_id,
        notice=issued.number,
        channel=channel.code,
        receipt=paid.receipt,
        refund=line.receipt,
        amount=line.amount,
        account_entry=entry.amount if entry else 0,
        source=f"statement:{digest}",
    )
    return report(Outcome.REVERSED, f"contribution {issued.period} refunded")


def _credit_reversal(uow: UnitOfWork, issued: IssuedNotice, paid: Payment, on: dt.date) -> AccountEntry | None:
    """The entry taking back what the payment credited to the account, if it credited any."""
    if issued.assessment is None or not issued.assessment.account_credit:
        return None
    if uow.accounts.get(issued.subject) is None:
        return None
    reference = f"reversal:contribution:{issued.period}:{paid.channel}:{paid.receipt}"
    return AccountEntry(issued.subject, on, EntryKind.CONTRIBUTION_REVERSAL, -issued.assessment.account_credit, reference)


def payments(
    uow: UnitOfWork, channel: str | None, since: dt.date | None, limit: int = 100, hooks: Facade = plugins
) -> list[Payment]:
    if channel:
        hooks.payment_channel(channel)
    return uow.payments.search(channel, since, limit)


def payment_of_notice(uow: UnitOfWork, number: str) -> tuple[IssuedNotice, Payment]:
    issued = get_notice(uow, number)
    payment = uow.payments.of_notice(issued.number)
    if payment is None:
        raise RuleViolation("notice-paid", _("notice {number} is not paid yet").format(number=issued.number))
    return issued, payment


def contribution_notice_document(uow: UnitOfWork, issued: IssuedNotice, hooks: Facade = plugins) -> Document:
    """A contribution notice to print, with the payer's insured place's collection details and
    every installed channel (a contribution is paid wherever the person banks)."""
    person = get_person(uow, issued.notice.payer_id)
    policy = hooks.policy(hooks.region(person.insured_region), person.scheme, issued.notice.issued_on.year).card
    return payment_notice(issued, list(hooks.payment_channels().values()), policy)
