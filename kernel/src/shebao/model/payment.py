"""Payment channels of the banks family: what a channel offers, instructs and reports."""

import datetime as dt
import enum

import attrs

from shebao.model.contribution import ContributionAssessment
from shebao.money import Fen
from shebao.periods import Month


class ChannelKind(enum.Enum):
    BANK_COUNTER = "bank-counter"
    ONLINE = "online"  # WeChat Pay, Alipay: the payer scans a QR code


@attrs.frozen
class PaymentChannel:
    code: str  # short, lower case: "icbc", "wechat-pay"
    name: str
    kind: ChannelKind


@attrs.frozen
class PaymentNotice:
    """A non-tax income payment notice: what is owed, to whom, under which number."""

    number: str
    payer_name: str
    payer_id: str
    item: str
    amount: Fen
    payee_name: str
    payee_account: str
    issued_on: dt.date


@attrs.frozen
class PaymentInstruction:
    """How to pay a notice on one channel: a counter slip reference or a QR payload."""

    channel: str
    notice_number: str
    amount: Fen
    reference: str  # counter slip reference, or the QR code's payload string
    text: str  # one short instruction for the payer


class PaymentMethod(enum.Enum):
    """How the payer paid on a channel (DOMAIN.md: contribution channels)."""

    COUNTER = "bank-counter"
    ONLINE_BANKING = "online-banking"
    CREDIT_CARD = "credit-card"
    WECHAT_PAY = "wechat-pay"
    ALIPAY = "alipay"


@attrs.frozen
class CollectedPayment:
    """One line of a channel's collection statement."""

    channel: str
    notice_number: str
    amount: Fen
    paid_at: dt.datetime
    receipt: str  # the bank's receipt (serial) number
    method: PaymentMethod | None = None  # None: the channel's usual method
    line: int = 0  # line of the statement file, for reports
    reversal: bool = False  # a refund or reversal (退款, 冲正) of the payment with this receipt


class NoticeKind(enum.Enum):
    """What a notice collects; the first two letters of its number say which (see rules.notices)."""

    CARD_FEE = "card-fee"
    CONTRIBUTION = "contribution"


@attrs.frozen
class IssuedNotice:
    """A notice as shebao keeps it: what it collects for, and whether it is paid."""

    notice: PaymentNotice
    kind: NoticeKind
    subject: str  # the card application number, or the citizen id for a contribution
    period: Month | None = None  # contribution notices: the month paid for
    assessment: ContributionAssessment | None = None  # contribution notices: the parts
    paid_receipt: str | None = None

    @property
    def number(self) -> str:
        return self.notice.number

    @property
    def is_paid(self) -> bool:
        return self.paid_receipt is not None


@attrs.frozen
class Payment:
    """A payment credited to a notice: by which channel, when, under which bank receipt."""

    notice_number: str
    channel: str
    method: PaymentMethod
    amount: Fen
    paid_at: dt.datetime
    receipt: str
    recorded_on: dt.date
    source: str  # "counter" (keyed in by an operator) or "statement:<file digest>"
    reversed_on: dt.date | None = None  # refunded or reversed by the channel: its credit undone


@attrs.frozen
class PaymentProblem:
    """A statement line that could not be applied, kept until an operator resolves it."""

    id: int
    channel: str
    statement: str  # the file's digest
    line: int
    notice_number: str
    amount: Fen
    receipt: str
    reversal: bool
    problem: str  # the outcome: unknown-notice, wrong-amount, already-paid, duplicate-line ...
    message: str
    found_on: dt.date
    resolved_on: dt.date | None = None
    resolved_by: str | None = None
    resolution: str | None = None
