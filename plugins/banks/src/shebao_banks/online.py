"""Online payment: WeChat Pay and Alipay. The payer scans a QR code whose payload carries
the notice number and amount (entry points ``wechat-pay``, ``alipay``). Each reads its
platform's bill export (``shebao_banks.statements.wechat`` / ``.alipay``) and writes it
(``shebao_statement_sample``)."""

from shebao.model.payment import PaymentInstruction, PaymentNotice
from shebao_banks.channel import ChannelPlugin, Parser, Writer, online, online_instruction
from shebao_banks.statements import alipay, wechat


class OnlinePlugin(ChannelPlugin):
    def __init__(self, code: str, name: str, scheme: str, parse: Parser, write: Writer) -> None:
        super().__init__(online(code, name), parse, write)
        self.scheme = scheme  # the app's URL scheme in the QR payload

    def instruction(self, notice: PaymentNotice) -> PaymentInstruction:
        return online_instruction(self.channel, notice, self.scheme)


WECHAT_PAY = OnlinePlugin("wechat-pay", "微信支付", "weixin", wechat.parse, wechat.write)
ALIPAY = OnlinePlugin("alipay", "支付宝", "alipays", alipay.parse, alipay.write)
