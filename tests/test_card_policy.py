"""Province policy drives the card: a free card, and a province accepting fewer collecting banks."""

import json
from collections.abc import Callable

import attrs
from cardflow import ADDRESS, LI_NA, register
from helpers import ShebaoCli

import shebao
from shebao.model.person import Scheme
from shebao.money import Fen
from shebao.policy import CardPolicy, Policy
from shebao.regions import Region
from shebao_provinces.national import DEFAULT_CARD, default_policy


class CardPolicyProvince:
    def __init__(self, card: CardPolicy) -> None:
        self.card = card

    @shebao.hookimpl(tryfirst=True)
    def shebao_policy(self, region: Region, scheme: Scheme, year: int) -> Policy | None:
        return attrs.evolve(default_policy(region, scheme, year), card=self.card)


def test_free_card_is_paid_at_once_without_notice(shebao: ShebaoCli, register_plugin: Callable[[object, str], None]) -> None:
    register_plugin(CardPolicyProvince(attrs.evolve(DEFAULT_CARD, first_card_fee=Fen(0))), "free-card-province")
    register(shebao, LI_NA, "李娜")
    applied = json.loads(shebao.ok("card", "apply", LI_NA, "--document", "identity-card", "--address", ADDRESS, "--json"))
    assert applied["state"] == "paid" and applied["notice"] is None and applied["fee"] == "0.00"
    assert applied["ready_by"] == "2026-03-30"  # 20 working days after Mon 2 March
    assert shebao("card", "notice", applied["application"]).exit_code == 1


def test_a_channel_outside_the_collecting_banks_is_not_accepted(
    shebao: ShebaoCli, register_plugin: Callable[[object, str], None]
) -> None:
    register_plugin(CardPolicyProvince(attrs.evolve(DEFAULT_CARD, collecting_banks=("icbc",))), "icbc-only-province")
    register(shebao, LI_NA, "李娜")
    application = json.loads(shebao.ok("card", "apply", LI_NA, "--document", "identity-card", "--address", ADDRESS, "--json"))
    refused = shebao("card", "pay", application["application"], "--channel", "alipay", "--receipt", "A1")
    assert refused.exit_code == 1 and "not-accepted" in refused.stderr
    notice = shebao.ok("card", "notice", application["application"])
    assert "中国工商银行" in notice and "支付宝" not in notice
