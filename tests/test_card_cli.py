"""The card journey through the CLI: every step, every refusal, nothing written on refusal."""

import json
from pathlib import Path

import pytest
from cardflow import ADDRESS, CHEN_JIAN, CHEN_NOTICE, LI_NA, ZHAO_LEI, apply, journey_start, register, to_ready
from helpers import ShebaoCli, db_snapshot

pytestmark = pytest.mark.usefixtures("engine")  # on SQLite and on PostgreSQL


def _show(shebao: ShebaoCli, key: str) -> dict[str, object]:
    shown: dict[str, object] = json.loads(shebao.ok("card", "show", key, "--json"))
    return shown


def test_full_journey_records_every_state_and_audits_it(shebao: ShebaoCli) -> None:
    apps = journey_start(shebao)
    chen = apps["chen"]
    assert _show(shebao, CHEN_JIAN)["state"] == "applied"
    assert _show(shebao, chen)["notice"] == CHEN_NOTICE
    paid = json.loads(shebao.ok("card", "pay", chen, "--channel", "icbc", "--receipt", "ICBC1", "--json", today="2026-03-03"))
    assert paid["state"] == "paid"
    assert paid["ready_by"] == "2026-03-31"  # 20 working days after Tue 3 March 2026
    assert paid["ready_by_estimated"] is False
    shebao.ok("card", "produce", chen, today="2026-03-04")
    made = json.loads(shebao.ok("card", "ready", chen, "--json", today="2026-03-25"))
    assert made["state"] == "ready-for-collection"
    card = made["card_number"]
    assert len(card) == 9 and card[0].isalpha() and card[1:].isdigit()
    shebao.ok("card", "collect", chen, "--document", "identity-card", "--registration-form", today="2026-03-31")
    shown = _show(shebao, card)  # found by card number too
    assert shown["state"] == "issued"
    steps = [s["state"] for s in shown["steps"]]  # type: ignore[attr-defined]
    assert steps == ["applied", "paid", "in-production", "ready-for-collection", "issued"]
    actions = [e["action"] for e in json.loads(shebao.ok("audit", "list", "--subject", CHEN_JIAN, "--json"))["items"]]
    for action in ("card.apply", "card.paid", "card.produce", "card.ready", "card.collect", "payment.record"):
        assert action in actions
    listed = json.loads(shebao.ok("card", "list", "--state", "issued", "--json"))["items"]
    assert [a["application"] for a in listed] == [chen]


def test_second_application_while_one_is_open_is_refused(shebao: ShebaoCli, db_target: str | Path) -> None:
    journey_start(shebao)
    before = db_snapshot(db_target)
    result = shebao("card", "apply", CHEN_JIAN, "--document", "identity-card", "--address", ADDRESS)
    assert result.exit_code == 1
    assert "one-open-application" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert db_snapshot(db_target) == before


def test_a_person_with_a_card_may_not_apply_for_a_first_card(shebao: ShebaoCli, db_target: str | Path) -> None:
    apps = journey_start(shebao)
    to_ready(shebao, apps["chen"])
    shebao.ok("card", "collect", apps["chen"], "--document", "identity-card", "--registration-form", today="2026-03-31")
    before = db_snapshot(db_target)
    result = shebao("card", "apply", CHEN_JIAN, "--document", "identity-card", "--address", ADDRESS, today="2026-04-01")
    assert result.exit_code == 1 and "first-card-only" in result.stderr
    assert db_snapshot(db_target) == before


def test_required_fields_are_checked_before_anything_is_stored(shebao: ShebaoCli, db_target: str | Path) -> None:
    register(shebao, LI_NA, "李娜")
    before = db_snapshot(db_target)
    cases = [
        (["--document", "identity-card"], "address"),
        (["--address", ADDRESS], "document"),
        (["--document", "identity-card", "--address", ADDRESS, "--phone", "12345"], "phone"),
        (["--document", "identity-card", "--address", ADDRESS, "--photo-receipt", "x"], "photo receipt"),
    ]
    for args, message in cases:
        result = shebao("card", "apply", LI_NA, *args)
        assert result.exit_code == 2, result
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert db_snapshot(db_target) == before
    unknown = shebao("card", "apply", CHEN_JIAN, "--document", "identity-card", "--address", ADDRESS)
    assert unknown.exit_code == 1 and "must-exist" in unknown.stderr


def test_photo_receipt_rules(shebao: ShebaoCli, db_target: str | Path) -> None:
    register(shebao, ZHAO_LEI, "赵磊", "employed", "--hukou-region", "510122")
    register(shebao, LI_NA, "李娜")
    before = db_snapshot(db_target)
    refused = shebao("card", "apply", ZHAO_LEI, "--document", "identity-card", "--address", ADDRESS)
    assert refused.exit_code == 1 and "photo-receipt" in refused.stderr
    no_id_card = shebao("card", "apply", LI_NA, "--document", "household-register", "--address", ADDRESS)
    assert no_id_card.exit_code == 1 and "photo-receipt" in no_id_card.stderr
    assert db_snapshot(db_target) == before
    applied = json.loads(
        shebao.ok(
            "card",
            "apply",
            ZHAO_LEI,
            "--document",
            "identity-card",
            "--address",
            ADDRESS,
            "--photo-receipt",
            "PH20260302-0001",
            "--json",
        )
    )
    assert applied["photo_source"] == "receipt" and applied["photo_receipt"] == "PH20260302-0001"


def test_public_security_photo_is_the_default(shebao: ShebaoCli) -> None:
    register(shebao, ZHAO_LEI, "赵磊", "employed", "--hukou-region", "510122", "--photo-on-file")
    applied = json.loads(shebao.ok("card", "apply", ZHAO_LEI, "--document", "household-register", "--address", ADDRESS, "--json"))
    assert applied["photo_source"] == "public-security"


def test_steps_out_of_order_are_refused_naming_the_rule(shebao: ShebaoCli, db_target: str | Path) -> None:
    apps = journey_start(shebao)
    chen = apps["chen"]
    before = db_snapshot(db_target)
    for args in (["produce", chen], ["ready", chen], ["issue", chen], ["report-lost", chen],
                 ["collect", chen, "--document", "identity-card", "--registration-form"]):  # fmt: skip
        result = shebao("card", *args)
        assert result.exit_code == 1, args
        assert "card-state" in result.stderr and "applied" in result.stderr
    assert db_snapshot(db_target) == before


def test_collection_needs_a_document_and_the_form(shebao: ShebaoCli, db_target: str | Path) -> None:
    apps = journey_start(shebao)
    chen = apps["chen"]
    to_ready(shebao, chen)
    before = db_snapshot(db_target)
    missing_form = shebao("card", "collect", chen, "--document", "identity-card")
    assert missing_form.exit_code == 1 and "registration form" in missing_form.stderr
    missing_all = shebao("card", "collect", chen)
    assert "collection-materials" in missing_all.stderr and "identity card" in missing_all.stderr
    no_agent_id = shebao("card", "collect", chen, "--document", "agent-identity-card", "--registration-form")
    assert no_agent_id.exit_code == 1 and "agent" in no_agent_id.stderr
    bad_agent = shebao("card", "collect", chen, "--document", "agent-identity-card", "--agent-id", "440304198503120022",
                       "--registration-form")  # fmt: skip
    assert bad_agent.exit_code == 2 and "check character" in bad_agent.stderr
    assert db_snapshot(db_target) == before
    done = json.loads(
        shebao.ok(
            "card",
            "collect",
            chen,
            "--document",
            "agent-identity-card",
            "--agent-id",
            LI_NA,
            "--agent-name",
            "李娜",
            "--registration-form",
            "--json",
            today="2026-03-31",
        )
    )
    assert done["state"] == "issued" and done["issued_on"] == "2026-03-31"
    steps = _show(shebao, chen)["steps"]
    assert steps[-1]["agent_id"] == "4403**********0021"  # type: ignore[index]


def test_lost_card_is_suspended_then_replaced_with_a_new_number(shebao: ShebaoCli, db_target: str | Path) -> None:
    apps = journey_start(shebao)
    chen = apps["chen"]
    first_card = to_ready(shebao, chen)
    shebao.ok("card", "collect", chen, "--document", "identity-card", "--registration-form", today="2026-03-31")
    lost = json.loads(shebao.ok("card", "report-lost", first_card, "--json", today="2026-05-01"))
    assert lost["state"] == "reported-lost"
    assert "card suspended" in shebao.ok("card", "show", chen)
    new = json.loads(shebao.ok("card", "replace", chen, "--json", today="2026-05-02"))
    assert new["state"] == "applied" and new["replaces"] == chen and new["notice"]
    assert _show(shebao, chen)["state"] == "replaced"
    shebao.ok("card", "pay", new["application"], "--channel", "ccb", "--receipt", "CCB-R2", today="2026-05-06")
    shebao.ok("card", "produce", new["application"], today="2026-05-07")
    # `card issue` is the former name of `card ready`, kept for the scripts that use it
    made = json.loads(shebao.ok("card", "issue", new["application"], "--json", today="2026-05-20"))
    assert made["state"] == "ready-for-collection"
    second_card = made["card_number"]
    assert second_card != first_card
    replaced_again = shebao("card", "replace", chen, today="2026-05-21")
    assert replaced_again.exit_code == 1 and "card-state" in replaced_again.stderr


def test_cancel_unpaid_application_then_apply_again(shebao: ShebaoCli) -> None:
    apps = journey_start(shebao)
    refused = shebao("card", "cancel", apps["chen"], "--reason", " ")
    assert refused.exit_code == 2
    shebao.ok("card", "cancel", apps["chen"], "--reason", "withdrawn by the applicant")
    assert _show(shebao, apps["chen"])["state"] == "cancelled"
    again = apply(shebao, CHEN_JIAN, today="2026-03-05")
    assert again != apps["chen"]
    paid = apps["li"]
    shebao.ok("card", "pay", paid, "--channel", "icbc", "--receipt", "R1", today="2026-03-03")
    assert shebao("card", "cancel", paid, "--reason", "x").exit_code == 1


def test_payment_refusals(shebao: ShebaoCli, db_target: str | Path) -> None:
    apps = journey_start(shebao)
    chen = apps["chen"]
    before = db_snapshot(db_target)
    wrong = shebao("card", "pay", chen, "--channel", "icbc", "--receipt", "R1", "--amount", "25.00")
    assert wrong.exit_code == 1 and "wrong-amount" in wrong.stderr
    unknown = shebao("card", "pay", chen, "--channel", "boc", "--receipt", "R1")
    assert unknown.exit_code == 2 and "icbc" in unknown.stderr
    assert db_snapshot(db_target) == before
    shebao.ok("card", "pay", chen, "--channel", "icbc", "--receipt", "R1", today="2026-03-03")
    assert "already recorded" in shebao.ok("card", "pay", chen, "--channel", "icbc", "--receipt", "R1", today="2026-03-03")
    twice = shebao("card", "pay", chen, "--channel", "abc", "--receipt", "R2", today="2026-03-03")
    assert twice.exit_code == 1 and "already-paid" in twice.stderr


def test_ready_date_in_an_unannounced_year_is_an_estimate(shebao: ShebaoCli) -> None:
    from shebao.rules.workdays import china_calendar

    last = max(china_calendar().announced_years)
    register(shebao, LI_NA, "李娜")
    application = apply(shebao, LI_NA, today=f"{last}-12-20")
    paid = json.loads(
        shebao.ok("card", "pay", application, "--channel", "icbc", "--receipt", "R9", "--json", today=f"{last}-12-21")
    )
    assert paid["ready_by_estimated"] is True
    assert "estimate" in shebao.ok("card", "show", application, today=f"{last}-12-21")


def test_late_cards_are_listed(shebao: ShebaoCli) -> None:
    apps = journey_start(shebao)
    shebao.ok("card", "pay", apps["chen"], "--channel", "icbc", "--receipt", "R1", today="2026-03-03")
    assert json.loads(shebao.ok("card", "list", "--late", "--json", today="2026-03-31"))["items"] == []
    late = json.loads(shebao.ok("card", "list", "--late", "--json", today="2026-04-01"))["items"]
    assert [a["application"] for a in late] == [apps["chen"]]
