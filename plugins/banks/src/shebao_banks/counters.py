"""Bank counters: ICBC, Agricultural Bank of China and China Construction Bank.

Each bank is one plugin object (entry points ``icbc``, ``abc``, ``ccb``), so a province
can block or replace one bank without touching the others. Each reads and writes its own
collection statement format (see ``shebao_banks.statements.<bank>``) and recognises the
Luhn-valid cards it issued by their BIN prefixes (a sample of each bank's public prefixes,
not a full list), which it exposes as ``bank_card_bins`` for the conformance kit.
"""

from collections.abc import Callable, Sequence

from stdnum import luhn

import shebao
from shebao.model.payment import CollectedPayment, PaymentChannel, PaymentInstruction, PaymentNotice
from shebao_banks.channel import bank_counter, counter_instruction
from shebao_banks.statements import abc, ccb, icbc

Parser = Callable[[bytes, str], list[CollectedPayment]]
Writer = Callable[[Sequence[CollectedPayment], str], bytes]


class CounterPlugin:
    def __init__(self, code: str, name: str, parse: Parser, write: Writer, bins: tuple[str, ...]) -> None:
        self.channel = bank_counter(code, name)
        self.parse = parse
        self.write = write
        self.bank_card_bins = bins

    @shebao.hookimpl
    def shebao_payment_channels(self) -> list[PaymentChannel]:
        return [self.channel]

    @shebao.hookimpl
    def shebao_payment_instruction(self, channel: PaymentChannel, notice: PaymentNotice) -> PaymentInstruction | None:
        return counter_instruction(self.channel, notice) if channel.code == self.channel.code else None

    @shebao.hookimpl
    def shebao_parse_statement(self, channel: PaymentChannel, content: bytes) -> list[CollectedPayment] | None:
        return self.parse(content, self.channel.code) if channel.code == self.channel.code else None

    @shebao.hookimpl
    def shebao_statement_sample(self, channel: PaymentChannel, payments: list[CollectedPayment]) -> bytes | None:
        return self.write(payments, self.channel.code) if channel.code == self.channel.code else None

    @shebao.hookimpl
    def shebao_bank_card_issuer(self, card_number: str) -> str | None:
        if not (card_number.isdigit() and luhn.is_valid(card_number)):
            return None
        return self.channel.name if card_number.startswith(self.bank_card_bins) else None


ICBC = CounterPlugin("icbc", "中国工商银行", icbc.parse, icbc.write, ("622202", "622203", "622208", "621225", "621226", "620058"))
ABC = CounterPlugin("abc", "中国农业银行", abc.parse, abc.write, ("622848", "622845", "622846", "622849", "621282", "95599"))
CCB = CounterPlugin("ccb", "中国建设银行", ccb.parse, ccb.write, ("622700", "621700", "436742", "622280", "621284"))
