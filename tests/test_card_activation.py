"""Activating the medical insurance account and the electronic certificate: evidence, refusals."""

import json
from pathlib import Path

import pytest
from cardflow import CHEN_JIAN, LI_NA, journey_start, to_ready
from helpers import ShebaoCli, db_snapshot
from stdnum import luhn

pytestmark = pytest.mark.usefixtures("engine")  # on SQLite and on PostgreSQL


def bank_card(prefix: str, length: int = 19) -> str:
    body = prefix + "1" * (length - len(prefix) - 1)
    return body + luhn.calc_check_digit(body)


ICBC_CARD = bank_card("622202")


def _collected(shebao: ShebaoCli) -> tuple[str, str]:
    apps = journey_start(shebao)
    card = to_ready(shebao, apps["chen"])
    shebao.ok("card", "collect", apps["chen"], "--document", "identity-card", "--registration-form", today="2026-03-31")
    return apps["chen"], card


def _activate(shebao: ShebaoCli, card: str, *leave_out: str, bank: str = ICBC_CARD) -> list[str]:
    options = {
        "--id-card-original": [],
        "--id-card-copy": [],
        "--card": [card],
        "--bank-card": [bank],
        "--face": ["passed"],
        "--fingerprint": ["passed"],
    }
    args = ["account", "activate", CHEN_JIAN]
    for option, values in options.items():
        if option not in leave_out:
            args += [option, *values]
    return args


def test_activation_with_all_evidence_stores_each_piece_and_its_checker(shebao: ShebaoCli) -> None:
    application, card = _collected(shebao)
    args = [*_activate(shebao, card), "--checked-by", "face-recognition=王芳", "--json"]
    done = json.loads(shebao.ok(*args, today="2026-04-01"))
    assert done["bank"] == "中国工商银行"
    assert done["bank_card"] == ICBC_CARD[:6] + "*" * 9 + ICBC_CARD[-4:]
    checkers = {e["item"]: e["checked_by"] for e in done["evidence"]}
    assert checkers["face-recognition"] == "王芳"
    assert checkers["identity-card-original"] == "tester" and len(checkers) == 6
    assert json.loads(shebao.ok("account", "show", CHEN_JIAN, "--json"))["activated_on"] == "2026-04-01"
    shown = json.loads(shebao.ok("card", "show", application, "--json"))
    assert shown["state"] == "medical-account-activated"
    assert shown["steps"][-1] == {
        "state": "medical-account-activated",
        "on": "2026-04-01",
        "operator": "tester",
        "bank": "中国工商银行",
    }
    audited = json.loads(shebao.ok("audit", "list", "--subject", CHEN_JIAN, "--json"))["items"]
    assert [e["action"] for e in audited][:2] == ["account.activate", "card.activate"]  # latest first


def test_missing_evidence_is_refused_naming_it(shebao: ShebaoCli, db_target: str | Path) -> None:
    _, card = _collected(shebao)
    before = db_snapshot(db_target)
    result = shebao(*_activate(shebao, card, "--id-card-copy", "--fingerprint"), today="2026-04-01")
    assert result.exit_code == 1
    assert "activation-evidence" in result.stderr
    assert "identity-card-copy" in result.stderr and "fingerprint" in result.stderr
    failed = shebao(*[a if a != "passed" else "failed" for a in _activate(shebao, card)], today="2026-04-01")
    assert failed.exit_code == 1 and "identity-verification" in failed.stderr
    bad_luhn = shebao(*_activate(shebao, card, bank=ICBC_CARD[:-1] + str((int(ICBC_CARD[-1]) + 1) % 10)), today="2026-04-01")
    assert bad_luhn.exit_code == 2 and "check digit" in bad_luhn.stderr
    unknown_bank = shebao(*_activate(shebao, card, bank=bank_card("999999")), today="2026-04-01")
    assert unknown_bank.exit_code == 1 and "bank-card-issuer" in unknown_bank.stderr
    wrong_card = shebao(*_activate(shebao, "A00000018" if card != "A00000018" else "A00000026"), today="2026-04-01")
    assert wrong_card.exit_code == 1 and "card-holder" in wrong_card.stderr
    assert db_snapshot(db_target) == before


def test_activation_needs_an_issued_card(shebao: ShebaoCli) -> None:
    apps = journey_start(shebao)
    card = to_ready(shebao, apps["chen"])  # made but not collected
    result = shebao(*_activate(shebao, card), today="2026-04-01")
    assert result.exit_code == 1 and "card-state" in result.stderr


def test_each_collecting_bank_is_recognised_by_its_bin(shebao: ShebaoCli) -> None:
    from shebao import plugins

    assert plugins.bank_card_issuer(bank_card("622848")) == "中国农业银行"
    assert plugins.bank_card_issuer(bank_card("436742", 16)) == "中国建设银行"
    assert plugins.bank_card_issuer(bank_card("123456")) is None


def test_electronic_certificate(shebao: ShebaoCli, db_target: str | Path) -> None:
    journey_start(shebao)
    before = db_snapshot(db_target)
    missing = shebao("account", "activate-ecert", LI_NA, "--real-name", "passed")
    assert missing.exit_code == 1 and "real-person" in missing.stderr
    failed = shebao("account", "activate-ecert", LI_NA, "--real-name", "passed", "--real-person", "failed")
    assert failed.exit_code == 1 and "identity-verification" in failed.stderr
    assert db_snapshot(db_target) == before
    done = json.loads(shebao.ok("account", "activate-ecert", LI_NA, "--real-name", "passed", "--real-person", "passed", "--json"))
    assert done["kind"] == "electronic-certificate"
    assert {e["item"] for e in done["evidence"]} == {"real-name", "real-person"}
    again = shebao("account", "activate-ecert", LI_NA, "--real-name", "passed", "--real-person", "passed")
    assert again.exit_code == 1 and "ecert-once" in again.stderr
    listed = json.loads(shebao.ok("account", "activations", LI_NA, "--json"))["items"]
    assert [a["kind"] for a in listed] == ["electronic-certificate"]
