"""Payment channels of the banks family: what a channel offers, instructs and reports."""

import datetime as dt
import enum

import attrs

from shebao.money import Fen


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


@attrs.frozen
class CollectedPayment:
    """One line of a channel's collection statement."""

    channel: str
    notice_number: str
    amount: Fen
    paid_at: dt.datetime
    receipt: str  # the bank's receipt (serial) number
