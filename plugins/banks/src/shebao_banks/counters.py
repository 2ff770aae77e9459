"""Bank counters: ICBC, Agricultural Bank of China and China Construction Bank.

Each bank is one plugin object (entry points ``icbc``, ``abc``, ``ccb``), so a province
can block or replace one bank without touching the others.
"""

import shebao
from shebao.model.payment import PaymentChannel, PaymentInstruction, PaymentNotice
from shebao_banks.channel import bank_counter, counter_instruction


class CounterPlugin:
    def __init__(self, code: str, name: str) -> None:
        self.channel = bank_counter(code, name)

    @shebao.hookimpl
    def shebao_payment_channels(self) -> list[PaymentChannel]:
        return [self.channel]

    @shebao.hookimpl
    def shebao_payment_instruction(self, channel: PaymentChannel, notice: PaymentNotice) -> PaymentInstruction | None:
        return counter_instruction(self.channel, notice) if channel.code == self.channel.code else None


ICBC = CounterPlugin("icbc", "中国工商银行")
ABC = CounterPlugin("abc", "中国农业银行")
CCB = CounterPlugin("ccb", "中国建设银行")
