"""What every bundled channel shares: answering only for its own channel code."""

import hashlib
from collections.abc import Callable, Sequence

import shebao
from shebao.model.payment import ChannelKind, CollectedPayment, PaymentChannel, PaymentInstruction, PaymentNotice
from shebao.money import yuan


def counter_instruction(channel: PaymentChannel, notice: PaymentNotice) -> PaymentInstruction:
    """A counter slip: the cashier keys in the notice number; the reference ties slip to notice."""
    digest = hashlib.sha256(f"{channel.code}|{notice.number}|{notice.amount}".encode()).hexdigest()[:8].upper()
    reference = f"{channel.code.upper()}-{notice.number}-{digest}"
    return PaymentInstruction(
        channel=channel.code,
        notice_number=notice.number,
        amount=notice.amount,
        reference=reference,
        text=f"在{channel.name}柜台出示缴款通知书 {notice.number}，缴纳 {yuan(notice.amount)} 元，索取财政票据。",
    )


def online_instruction(channel: PaymentChannel, notice: PaymentNotice, scheme: str) -> PaymentInstruction:
    """A QR payload the payer scans in the app; it carries notice number and amount."""
    payload = f"{scheme}://nontax/pay?notice={notice.number}&amount={yuan(notice.amount)}&payee={notice.payee_account}"
    return PaymentInstruction(
        channel=channel.code,
        notice_number=notice.number,
        amount=notice.amount,
        reference=payload,
        text=f"用{channel.name}扫描二维码，核对缴款通知书 {notice.number} 金额 {yuan(notice.amount)} 元后支付。",
    )


def bank_counter(code: str, name: str) -> PaymentChannel:
    return PaymentChannel(code=code, name=name, kind=ChannelKind.BANK_COUNTER)


def online(code: str, name: str) -> PaymentChannel:
    return PaymentChannel(code=code, name=name, kind=ChannelKind.ONLINE)


Parser = Callable[[bytes, str], list[CollectedPayment]]
Writer = Callable[[Sequence[CollectedPayment], str], bytes]


class ChannelPlugin:
    """One channel as one plugin object: it lists its channel, and reads and writes that
    channel's statements; subclasses say how to pay a notice on it."""

    def __init__(self, channel: PaymentChannel, parse: Parser, write: Writer) -> None:
        self.channel = channel
        self.parse = parse
        self.write = write

    def instruction(self, notice: PaymentNotice) -> PaymentInstruction:
        raise NotImplementedError

    @shebao.hookimpl
    def shebao_payment_channels(self) -> list[PaymentChannel]:
        return [self.channel]

    @shebao.hookimpl
    def shebao_payment_instruction(self, channel: PaymentChannel, notice: PaymentNotice) -> PaymentInstruction | None:
        return self.instruction(notice) if channel.code == self.channel.code else None

    @shebao.hookimpl
    def shebao_parse_statement(self, channel: PaymentChannel, content: bytes) -> list[CollectedPayment] | None:
        return self.parse(content, self.channel.code) if channel.code == self.channel.code else None

    @shebao.hookimpl
    def shebao_statement_sample(self, channel: PaymentChannel, payments: list[CollectedPayment]) -> bytes | None:
        return self.write(payments, self.channel.code) if channel.code == self.channel.code else None
