"""Bank counters: ICBC, Agricultural Bank of China and China Construction Bank.

Each bank is one plugin object (entry points ``icbc``, ``abc``, ``ccb``), so a province
can block or replace one bank without touching the others. Each reads and writes its own
collection statement format (see ``shebao_banks.statements.<bank>``) and recognises the
Luhn-valid cards it issued by their BIN prefixes (a sample of each bank's public prefixes,
not a full list), which it exposes as ``bank_card_bins`` for the conformance kit.
"""

from stdnum import luhn

import shebao
from shebao.model.payment import PaymentInstruction, PaymentNotice
from shebao_banks.channel import ChannelPlugin, Parser, Writer, bank_counter, counter_instruction
from shebao_banks.statements import abc, ccb, icbc


class CounterPlugin(ChannelPlugin):
    def __init__(self, code: str, name: str, parse: Parser, write: Writer, bins: tuple[str, ...]) -> None:
        super().__init__(bank_counter(code, name), parse, write)
        self.bank_card_bins = bins

    def instruction(self, notice: PaymentNotice) -> PaymentInstruction:
        return counter_instruction(self.channel, notice)

    @shebao.hookimpl
    def shebao_bank_card_issuer(self, card_number: str) -> str | None:
        if not (card_number.isdigit() and luhn.is_valid(card_number)):
            return None
        return self.channel.name if card_number.startswith(self.bank_card_bins) else None


ICBC = CounterPlugin("icbc", "中国工商银行", icbc.parse, icbc.write, ("622202", "622203", "622208", "621225", "621226", "620058"))
ABC = CounterPlugin("abc", "中国农业银行", abc.parse, abc.write, ("622848", "622845", "622846", "622849", "621282", "95599"))
CCB = CounterPlugin("ccb", "中国建设银行", ccb.parse, ccb.write, ("622700", "621700", "436742", "622280", "621284"))
