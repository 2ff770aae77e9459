"""Online payment: WeChat Pay and Alipay. The payer scans a QR code whose payload carries
the notice number and amount (entry points ``wechat-pay``, ``alipay``). Each reads its
platform's bill export (``shebao_banks.statements.wechat`` / ``.alipay``) and writes it
(``shebao_statement_sample``)."""

from collections.abc import Callable, Sequence

import shebao
from shebao.model.payment import CollectedPayment, PaymentChannel, PaymentInstruction, PaymentNotice
from shebao_banks.channel import online, online_instruction
from shebao_banks.statements import alipay, wechat

Parser = Callable[[bytes, str], list[CollectedPayment]]
Writer = Callable[[Sequence[CollectedPayment], str], bytes]


class OnlinePlugin:
    def __init__(self, code: str, name: str, scheme: str, parse: Parser, write: Writer) -> None:
        self.channel = online(code, name)
        self.scheme = scheme
        self.parse = parse
        self.write = write

    @shebao.hookimpl
    def shebao_payment_channels(self) -> list[PaymentChannel]:
        return [self.channel]

    @shebao.hookimpl
    def shebao_payment_instruction(self, channel: PaymentChannel, notice: PaymentNotice) -> PaymentInstruction | None:
        return online_instruction(self.channel, notice, self.scheme) if channel.code == self.channel.code else None

    @shebao.hookimpl
    def shebao_parse_statement(self, channel: PaymentChannel, content: bytes) -> list[CollectedPayment] | None:
        return self.parse(content, self.channel.code) if channel.code == self.channel.code else None

    @shebao.hookimpl
    def shebao_statement_sample(self, channel: PaymentChannel, payments: list[CollectedPayment]) -> bytes | None:
        return self.write(payments, self.channel.code) if channel.code == self.channel.code else None


WECHAT_PAY = OnlinePlugin("wechat-pay", "微信支付", "weixin", wechat.parse, wechat.write)
ALIPAY = OnlinePlugin("alipay", "支付宝", "alipays", alipay.parse, alipay.write)
