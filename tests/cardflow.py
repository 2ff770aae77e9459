"""The card journey's shared test set-up: people registered, cards applied for on 2 March 2026."""

from pathlib import Path

from helpers import ShebaoCli

CHEN_JIAN = "440300195505050056"  # retiree, household register in Shenzhen (local)
LI_NA = "440304198503120021"
WANG_WEI = "440304199207180032"
ZHANG_MIN = "440305198801010046"  # flexible worker
ZHAO_LEI = "510122197811110082"  # household register in Sichuan: not local

# the notices the set-up issues, in order (rules.notices: region 440300, 2026-03-02)
CHEN_NOTICE = "SK4403002026030200013"
LI_NOTICE = "SK4403002026030200021"
WANG_NOTICE = "SK4403002026030200039"
ZHANG_NOTICE = "JF4403002026030200013"

STATEMENTS = Path(__file__).parent / "statements"
SAMPLES = {  # one sample statement per channel, in that channel's own format
    "icbc": "icbc-2026-03-05.csv",
    "abc": "abc-2026-03-06.txt",
    "ccb": "ccb-2026-03-06.tsv",
    "wechat-pay": "wechat-2026-03-07.csv",
    "alipay": "alipay-2026-03-07.csv",
}
ADDRESS = "深圳市南山区样例路1号"


def register(shebao: ShebaoCli, citizen_id: str, name: str, status: str = "employed", *extra: str) -> None:
    shebao.ok("person", "register", "--id", citizen_id, "--name", name, "--insured-region", "440300",
              "--scheme", "employee", "--status", status, "--phone", "13800138000", *extra, today="2026-03-01")  # fmt: skip


def apply(shebao: ShebaoCli, citizen_id: str, *extra: str, today: str = "2026-03-02") -> str:
    """Apply with an identity card; return the application number."""
    import json

    out = shebao.ok(
        "card", "apply", citizen_id, "--document", "identity-card", "--address", ADDRESS, "--json", *extra, today=today
    )
    number: str = json.loads(out)["application"]
    return number


def journey_start(shebao: ShebaoCli) -> dict[str, str]:
    """Four people registered; three cards applied for, one contribution notice issued."""
    register(shebao, CHEN_JIAN, "陈建", "retired", "--hukou-region", "440306")
    register(shebao, LI_NA, "李娜")
    register(shebao, WANG_WEI, "王伟")
    register(shebao, ZHANG_MIN, "张敏", "flexible")
    applications = {key: apply(shebao, cid) for key, cid in (("chen", CHEN_JIAN), ("li", LI_NA), ("wang", WANG_WEI))}
    shebao.ok("payment", "notice", ZHANG_MIN, "--month", "2026-02", "--base", "6000.00", today="2026-03-02")
    return applications


def to_ready(shebao: ShebaoCli, application: str) -> str:
    """Pay, produce and make ready for collection; return the card number."""
    import json

    shebao.ok("card", "pay", application, "--channel", "icbc", "--receipt", f"R-{application}", today="2026-03-03")
    shebao.ok("card", "produce", application, today="2026-03-04")
    made = json.loads(shebao.ok("card", "ready", application, "--json", today="2026-03-30"))
    number: str = made["card_number"]
    return number
