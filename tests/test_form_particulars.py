"""What an applicant adds on the registration form (ethnic group, an agent, the bank to collect
the card at) is checked as input, kept, and printed; bad values are refused with nothing written."""

import json

import pytest
from cardflow import ADDRESS, CHEN_JIAN, register
from helpers import ShebaoCli, db_snapshot

AGENT = "440304198503120021"


def test_ethnicity_agent_and_bank_are_kept_and_printed(shebao: ShebaoCli) -> None:
    register(shebao, CHEN_JIAN, "陈建", "retired")
    applied = shebao.ok("card", "apply", CHEN_JIAN, "--document", "identity-card", "--address", ADDRESS, "--json",
                        "--ethnicity", "蒙古族", "--bank", "ccb", "--agent-name", "李娜", "--agent-id", AGENT,
                        "--agent-phone", "139 0013 9001")  # fmt: skip
    kept = json.loads(applied)
    assert (kept["ethnicity"], kept["bank"], kept["agent"]["name"], kept["agent"]["citizen_id"]) == (
        "蒙古族",
        "ccb",
        "李娜",
        "4403**********0021",
    )
    form = shebao.ok("card", "form", kept["application"])
    for expected in ("民族　　　　：蒙古族", "☑中国建设银行", "代办人姓名　　：李娜", AGENT, "13900139001"):
        assert expected in form
    receipt = form.split("沿此线剪下")[1]
    assert "领卡银行　　：中国建设银行" in receipt


@pytest.mark.parametrize(
    "extra, message",
    [
        (("--ethnicity", "Han"), "ethnicity"),
        (("--bank", "wechat-pay"), "bank 'wechat-pay'"),
        (("--bank", "hsbc"), "bank 'hsbc'"),
        (("--agent-name", "李娜"), "agent"),
        (("--agent-name", "李娜", "--agent-id", AGENT, "--agent-phone", "12"), "agent phone"),
    ],
)
def test_bad_particulars_are_refused_with_nothing_written(shebao: ShebaoCli, extra: tuple[str, ...], message: str) -> None:
    register(shebao, CHEN_JIAN, "陈建", "retired")
    before = db_snapshot(shebao.target)
    result = shebao("card", "apply", CHEN_JIAN, "--document", "identity-card", "--address", ADDRESS, *extra)
    assert result.exit_code == 2 and message in result.stderr
    assert db_snapshot(shebao.target) == before
