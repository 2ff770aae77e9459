"""Keeping the record current: each change kept in the history, audited with before and after,
and the insurance periods entitlement reads."""

import datetime as dt
import json
from pathlib import Path

from helpers import ShebaoCli, db_snapshot

from shebao.model.person import Scheme, Standing
from shebao.model.register import RecordChange
from shebao.store.unit_of_work import SqliteUnitOfWork

LI_NA = "440304198503120021"
RETIREE = "440300195505050056"
EMPLOYER = "91440300MA5F000007"


def register(shebao: ShebaoCli, citizen_id: str = LI_NA, status: str = "flexible", today: str = "2026-01-05") -> None:
    shebao.ok(
        "person", "register", "--id", citizen_id, "--name", "李娜", "--insured-region", "440300",
        "--scheme", "employee", "--status", status, today=today,
    )  # fmt: skip


def audit(shebao: ShebaoCli, action: str) -> list[dict[str, object]]:
    entries = json.loads(shebao.ok("--reveal", "audit", "list", "--action", action, "--json"))["items"]
    assert isinstance(entries, list)
    return entries


def test_update_keeps_before_and_after_in_history_and_audit(shebao: ShebaoCli) -> None:
    register(shebao)
    shebao.ok("person", "update", LI_NA, "--phone", "13900139000", "--address", "深圳市南山区", "--name", "李娜娜")
    shown = json.loads(shebao.ok("--reveal", "person", "show", LI_NA, "--json"))
    assert (shown["name"], shown["phone"]) == ("李娜娜", "13900139000")
    events = json.loads(shebao.ok("--reveal", "person", "history", LI_NA, "--json"))["events"]
    assert [e["change"] for e in events] == ["registered", "details"]
    assert events[1]["before"] == {"address": None, "name": "李娜", "phone": None}
    assert events[1]["after"] == {"address": "深圳市南山区", "name": "李娜娜", "phone": "13900139000"}
    (entry,) = audit(shebao, "person.details")
    assert entry["detail"]["before"]["name"] == "李娜" and entry["detail"]["after"]["name"] == "李娜娜"  # type: ignore[index]
    masked = json.loads(shebao.ok("person", "history", LI_NA, "--json"))["events"][1]
    assert masked["after"]["phone"] == "139****9000" and masked["after"]["address"] == "***"


def test_stop_resume_and_death_make_the_insurance_periods(shebao: ShebaoCli, db_path: Path) -> None:
    register(shebao)
    shebao.ok("person", "stop", LI_NA, "--on", "2026-02-01", "--reason", "moved abroad", today="2026-02-03")
    refused = shebao("person", "stop", LI_NA, "--on", "2026-02-10", "--reason", "again", today="2026-02-11")
    assert refused.exit_code == 1 and "stop-insured-only" in refused.stderr
    shebao.ok("person", "resume", LI_NA, "--on", "2026-04-01", today="2026-04-01")
    shebao.ok("person", "died", LI_NA, "--on", "2026-05-20", today="2026-05-22")
    periods = json.loads(shebao.ok("person", "history", LI_NA, "--json"))["periods"]
    assert [(p["insured_region"], p["first_day"], p["last_day"], p["ended_by"]) for p in periods] == [
        ("440300", "2026-01-05", "2026-01-31", "stopped"),
        ("440300", "2026-04-01", "2026-05-20", "died"),
    ]
    before = db_snapshot(db_path)
    closed = shebao("person", "update", LI_NA, "--phone", "13900139000", today="2026-06-01")
    assert closed.exit_code == 1 and "deceased-record-closed" in closed.stderr
    assert db_snapshot(db_path) == before
    assert [e["action"] for e in audit(shebao, "person.died")] == ["person.died"]


def test_changes_out_of_order_or_in_the_future_are_refused(shebao: ShebaoCli, db_path: Path) -> None:
    register(shebao)
    shebao.ok("person", "stop", LI_NA, "--on", "2026-02-01", "--reason", "moved", today="2026-02-03")
    before = db_snapshot(db_path)
    earlier = shebao("person", "resume", LI_NA, "--on", "2026-01-20", today="2026-02-03")
    assert earlier.exit_code == 1 and "changes-in-order" in earlier.stderr
    future = shebao("person", "resume", LI_NA, "--on", "2026-03-01", today="2026-02-03")
    assert future.exit_code == 1 and "no-future-change" in future.stderr
    bad_date = shebao("person", "resume", LI_NA, "--on", "2026-02-30", today="2026-02-03")
    assert bad_date.exit_code == 2
    assert db_snapshot(db_path) == before


def test_retire_ends_open_employment_and_retirees_get_credit(shebao: ShebaoCli) -> None:
    shebao.ok("employer", "register", "--uscc", EMPLOYER, "--name", "深圳样例公司", "--region", "440300", today="2026-01-02")
    register(shebao, RETIREE, status="flexible")
    shebao.ok("employer", "hire", EMPLOYER, RETIREE, "--start", "2026-01-05", today="2026-01-05")
    shebao.ok("person", "retire", RETIREE, "--on", "2026-02-01", today="2026-02-02")
    shown = json.loads(shebao.ok("person", "show", RETIREE, "--json"))
    assert shown["status"] == "retired"
    assert shown["employments"][0]["ended_on"] == "2026-01-31"
    events = json.loads(shebao.ok("person", "history", RETIREE, "--json"))["events"]
    assert [e["change"] for e in events] == ["registered", "employed", "retired"]
    again = shebao("person", "retire", RETIREE, "--on", "2026-02-05", today="2026-02-06")
    assert again.exit_code == 1 and "retire-once" in again.stderr


def test_employer_leave_then_hire_elsewhere_transfers_the_insured_place(shebao: ShebaoCli) -> None:
    other = "91110000MA01A0000H"
    shebao.ok("employer", "register", "--uscc", EMPLOYER, "--name", "深圳样例公司", "--region", "440300", today="2026-01-02")
    shebao.ok("employer", "register", "--uscc", other, "--name", "北京样例公司", "--region", "110100", today="2026-01-02")
    register(shebao)
    shebao.ok("employer", "hire", EMPLOYER, LI_NA, "--start", "2026-01-05", today="2026-01-05")
    busy = shebao("employer", "hire", other, LI_NA, "--start", "2026-02-01", today="2026-02-01")
    assert busy.exit_code == 1 and "one-open-employment" in busy.stderr
    shebao.ok("employer", "leave", EMPLOYER, LI_NA, "--on", "2026-01-31", today="2026-02-01")
    assert json.loads(shebao.ok("person", "show", LI_NA, "--json"))["status"] == "unemployed"
    again = shebao("employer", "leave", EMPLOYER, LI_NA, "--on", "2026-02-01", today="2026-02-01")
    assert again.exit_code == 1 and "open-employment" in again.stderr
    shebao.ok("employer", "hire", other, LI_NA, "--start", "2026-02-01", today="2026-02-01")
    history = json.loads(shebao.ok("person", "history", LI_NA, "--json"))
    assert [e["change"] for e in history["events"]] == ["registered", "employed", "employment-ended", "transferred"]
    assert [(p["insured_region"], p["first_day"], p["last_day"]) for p in history["periods"]] == [
        ("440300", "2026-01-05", "2026-01-31"),
        ("110100", "2026-02-01", None),
    ]
    assert json.loads(shebao.ok("person", "show", LI_NA, "--json"))["insured_region"] == "110100"


def test_transfer_carries_account_and_contribution_years(shebao: ShebaoCli) -> None:
    register(shebao)
    shebao.ok("contribution", "pay", LI_NA, "--month", "2026-01", "--base", "6000.00", "--channel", "alipay", today="2026-01-20")
    shebao.ok("person", "transfer", LI_NA, "--to", "310100", "--on", "2026-02-01", today="2026-02-03")
    shown = json.loads(shebao.ok("person", "show", LI_NA, "--json"))
    assert shown["insured_region"] == "310100" and shown["account_balance"] == "120.00"
    (entry,) = audit(shebao, "person.transferred")
    detail = entry["detail"]
    assert isinstance(detail, dict)
    assert detail["carried"] == {"account_balance": 12000, "contribution_months": 1}
    assert detail["before"] == {"insured_region": "440300"} and detail["after"] == {"insured_region": "310100"}
    same = shebao("person", "transfer", LI_NA, "--to", "310100", "--on", "2026-02-05", today="2026-02-05")
    assert same.exit_code == 1 and "transfer-elsewhere" in same.stderr


def test_read_api_answers_status_on_a_day_and_resident_premium_paid(shebao: ShebaoCli, uow: SqliteUnitOfWork) -> None:
    resident = "440305198801010046"
    shebao.ok(
        "person", "register", "--id", resident, "--name", "张三", "--insured-region", "440300",
        "--scheme", "resident", "--status", "unemployed", today="2026-01-05",
    )  # fmt: skip
    shebao.ok("person", "stop", resident, "--on", "2026-03-01", "--reason", "insured elsewhere", today="2026-03-01")
    assert uow.person_history.state_on(resident, dt.date(2026, 1, 4)) is None
    january = uow.person_history.state_on(resident, dt.date(2026, 1, 31))
    assert january is not None and january.standing is Standing.INSURED and january.scheme is Scheme.RESIDENT
    march = uow.person_history.state_on(resident, dt.date(2026, 3, 1))
    assert march is not None and march.standing is Standing.STOPPED
    (period,) = uow.person_history.periods(resident)
    assert (period.last_day, period.ended_by) == (dt.date(2026, 2, 28), RecordChange.STOPPED)
    assert not uow.resident_premiums.is_paid(resident, 2026)
    shebao.ok(
        "contribution", "resident", resident, "--year", "2026", "--amount", "400.00", "--receipt", "SW2026001",
        today="2026-03-01",
    )  # fmt: skip
    assert uow.resident_premiums.is_paid(resident, 2026)


def test_a_database_before_the_history_upgrades_with_each_person_registered(tmp_path: Path) -> None:
    """Persons stored before the history was kept get their registration as they stand."""
    import sqlite_utils

    from shebao.store.schema import all_migrations

    old = tmp_path / "old.db"
    database = sqlite_utils.Database(old)
    for migrations in all_migrations():  # every set but the register's
        if migrations.name != "shebao.register":
            migrations.apply(database)
    database.execute(
        "INSERT INTO persons (citizen_id, name, nationality, hukou_region, insured_region, scheme, status, registered_on)"
        " VALUES (?, '陈建', 'CHN', '440300', '440300', 'employee', 'retired', '2025-06-10')",
        [RETIREE],
    )
    database.conn.commit()
    database.close()
    upgraded = ShebaoCli(old)
    history = json.loads(upgraded.ok("person", "history", RETIREE, "--json"))
    assert [(e["change"], e["effective_on"], e["status"]) for e in history["events"]] == [("registered", "2025-06-10", "retired")]
    assert history["periods"][0]["first_day"] == "2025-06-10" and history["periods"][0]["last_day"] is None
    upgraded.ok("person", "stop", RETIREE, "--on", "2026-01-01", "--reason", "moved abroad", today="2026-01-02")


def test_no_premium_for_a_month_stopped_or_after_death(shebao: ShebaoCli, db_path: Path) -> None:
    register(shebao, today="2025-12-01")
    shebao.ok("person", "stop", LI_NA, "--on", "2026-02-01", "--reason", "moved abroad", today="2026-02-01")
    pay = ("contribution", "pay", LI_NA, "--base", "6000", "--channel", "alipay")
    shebao.ok(*pay, "--month", "2026-01", today="2026-03-02")  # insured in January
    before = db_snapshot(db_path)
    stopped = shebao(*pay, "--month", "2026-02", today="2026-03-02")
    assert stopped.exit_code == 1 and "insured-in-month" in stopped.stderr and "stopped" in stopped.stderr
    notice = shebao("payment", "notice", LI_NA, "--month", "2026-02", "--base", "6000", today="2026-03-02")
    assert notice.exit_code == 1 and "insured-in-month" in notice.stderr
    assert db_snapshot(db_path) == before
    shebao.ok("person", "resume", LI_NA, "--on", "2026-03-10", today="2026-03-10")
    shebao.ok("person", "died", LI_NA, "--on", "2026-04-03", today="2026-04-05")
    shebao.ok(*pay, "--month", "2026-04", today="2026-05-02")  # the month of death was insured
    dead = shebao(*pay, "--month", "2026-05", today="2026-06-02")
    assert dead.exit_code == 1 and "closed by death" in dead.stderr


def test_a_stop_while_employed_and_an_update_that_changes_nothing_are_refused(shebao: ShebaoCli) -> None:
    shebao.ok("employer", "register", "--uscc", EMPLOYER, "--name", "深圳样例公司", "--region", "440300", today="2026-01-02")
    register(shebao)
    shebao.ok("employer", "hire", EMPLOYER, LI_NA, "--start", "2026-01-05", today="2026-01-05")
    employed = shebao("person", "stop", LI_NA, "--on", "2026-02-01", "--reason", "left", today="2026-02-01")
    assert employed.exit_code == 1 and "employer-ends-employment" in employed.stderr
    same = shebao("person", "update", LI_NA, "--name", "李娜")
    assert same.exit_code == 1 and "record-unchanged" in same.stderr


def test_the_check_finds_a_record_its_history_does_not_explain(shebao: ShebaoCli, db_path: Path) -> None:
    import sqlite_utils

    register(shebao)
    shebao.ok("person", "stop", LI_NA, "--on", "2026-02-01", "--reason", "moved abroad", today="2026-02-01")
    shebao.ok("person", "transfer", LI_NA, "--to", "310104", "--on", "2026-02-10", today="2026-02-10")
    shebao.ok("check", today="2026-02-10")
    database = sqlite_utils.Database(db_path)
    database.execute("UPDATE persons SET standing = 'insured' WHERE citizen_id = ?", [LI_NA])
    database.conn.commit()
    database.close()
    result = shebao("check", today="2026-02-10")
    assert result.exit_code == 1 and "person-history" in result.stdout + result.stderr


def test_retirees_credited_only_while_insured(shebao: ShebaoCli) -> None:
    register(shebao, RETIREE, status="retired")
    register(shebao, "440300195505050072", status="retired")
    shebao.ok("account", "credit-retirees", "--month", "2026-01", today="2026-01-31")
    shebao.ok("person", "died", "440300195505050072", "--on", "2026-02-03", today="2026-02-05")
    shebao.ok("account", "credit-retirees", "--month", "2026-02", today="2026-02-28")
    assert json.loads(shebao.ok("account", "show", RETIREE, "--json"))["balance"] == "160.00"
    assert json.loads(shebao.ok("account", "show", "440300195505050072", "--json"))["balance"] == "80.00"


def test_a_leave_reported_late_may_follow_a_change_of_details(shebao: ShebaoCli) -> None:
    shebao.ok("employer", "register", "--uscc", EMPLOYER, "--name", "深圳样例公司", "--region", "440300", today="2026-01-02")
    register(shebao)
    shebao.ok("employer", "hire", EMPLOYER, LI_NA, "--start", "2026-01-05", today="2026-01-05")
    shebao.ok("person", "update", LI_NA, "--phone", "13900139000", today="2026-06-10")
    shebao.ok("employer", "leave", EMPLOYER, LI_NA, "--on", "2026-05-31", today="2026-06-10")
    history = json.loads(shebao.ok("person", "history", LI_NA, "--json", today="2026-06-10"))
    assert [e["change"] for e in history["events"]] == ["registered", "employed", "employment-ended", "details"]
    assert json.loads(shebao.ok("person", "show", LI_NA, "--json"))["status"] == "unemployed"
    shebao.ok("check", today="2026-06-10")
