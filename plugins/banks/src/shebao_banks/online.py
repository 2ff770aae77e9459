"""Online payment: WeChat Pay and Alipay. The payer scans a QR code whose payload carries
the notice number and amount (entry points ``wechat-pay``, ``alipay``)."""

import shebao
from shebao.model.payment import PaymentChannel, PaymentInstruction, PaymentNotice
from shebao_banks.channel import online, online_instruction


class OnlinePlugin:
    def __init__(self, code: str, name: str, scheme: str) -> None:
        self.channel = online(code, name)
        self.scheme = scheme

    @shebao.hookimpl
    def shebao_payment_channels(self) -> list[PaymentChannel]:
        return [self.channel]

    @shebao.hookimpl
    def shebao_payment_instruction(self, channel: PaymentChannel, notice: PaymentNotice) -> PaymentInstruction | None:
        return online_instruction(self.channel, notice, self.scheme) if channel.code == self.channel.code else None


WECHAT_PAY = OnlinePlugin("wechat-pay", "微信支付", "weixin")
ALIPAY = OnlinePlugin("alipay", "支付宝", "alipays")
