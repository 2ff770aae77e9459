"""Trust under hostile hands: the audit chain, disclosures, files and databases, plugins.

Bad input as such is in test_bad_input_hostile.py; here are the behaviours around it: what is
written (and with which mode), what is audited and when, what ``shebao check`` finds."""

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from click.testing import CliRunner
from helpers import ShebaoCli
from reliability_world import BATCH_DAY, bills, copy_database, new_world

from shebao_cli.demo.ids import DEMO_IDS
from shebao_cli.main import cli, run

LI_NA = DEMO_IDS["li_na"]
CHEN = DEMO_IDS["chen_jian"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return new_world(tmp_path_factory)


@pytest.fixture
def shebao(world: Path, tmp_path: Path) -> ShebaoCli:
    return ShebaoCli(copy_database(world, tmp_path / "shebao.db"), create=False)


def write_bill(path: Path, **changes: Any) -> Path:
    document = next(bills(seed=5, count=1, prefix="T-", patients=[LI_NA])) | changes
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def audit(db: Path, where: str = "1", *params: object) -> list[tuple[Any, ...]]:
    database = sqlite_utils.Database(db)
    try:
        return list(database.execute(f"SELECT * FROM audit WHERE {where} ORDER BY id", list(params)).fetchall())
    finally:
        database.close()


# ---- the audit chain -------------------------------------------------------------------------


def test_check_finds_an_audit_row_rewritten_past_the_triggers(shebao: ShebaoCli) -> None:
    clean = shebao("check", today=BATCH_DAY)
    assert clean.exit_code == 0 and "the audit chain is whole" in clean.stdout and "audit chain of" in clean.stdout
    conn = sqlite3.connect(shebao.db_path)
    row = conn.execute("SELECT * FROM audit WHERE action = 'person.register' ORDER BY id LIMIT 1").fetchone()
    columns = [c[1] for c in conn.execute("PRAGMA table_info(audit)")]
    forged = dict(zip(columns, row, strict=True)) | {"operator": "nobody"}
    # REPLACE deletes and inserts: the append-only triggers never fire
    conn.execute(f"REPLACE INTO audit ({', '.join(forged)}) VALUES ({', '.join('?' * len(forged))})", list(forged.values()))
    conn.commit()
    conn.close()
    result = shebao("check", "--json", today=BATCH_DAY)
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert {"check": "audit-chain", "subject": f"audit row {row[0]}",
            "detail": "content does not match its hash: the row was rewritten"} in problems  # fmt: skip


def test_check_finds_an_audit_row_deleted(shebao: ShebaoCli) -> None:
    conn = sqlite3.connect(shebao.db_path)
    middle = conn.execute("SELECT id FROM audit ORDER BY id LIMIT 1 OFFSET 5").fetchone()[0]
    conn.execute("DROP TRIGGER audit_no_delete")  # what someone with the file can do
    conn.execute("DELETE FROM audit WHERE id = ?", [middle])
    conn.commit()
    conn.close()
    result = shebao("check", today=BATCH_DAY)
    assert result.exit_code == 1
    assert "audit-chain" in result.stdout and f"rows {middle} to {middle} are missing" in result.stdout


def test_the_trigger_still_refuses_an_update(shebao: ShebaoCli) -> None:
    conn = sqlite3.connect(shebao.db_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit SET operator = 'x'")
    conn.close()


def test_audit_time_is_the_wall_clock_and_the_business_date_is_recorded_beside_it(shebao: ShebaoCli) -> None:
    shebao("person", "update", LI_NA, "--address", "深圳市福田区", today=BATCH_DAY)
    at, business_date = audit(shebao.db_path)[-1][1], audit(shebao.db_path)[-1][6]
    assert business_date == BATCH_DAY and not at.startswith(BATCH_DAY)


def test_without_an_operator_the_os_user_is_recorded_as_such(shebao: ShebaoCli) -> None:
    runner = CliRunner(env={"SHEBAO_OPERATOR": None, "LOGNAME": "clerk-on-os", "USER": "clerk-on-os"})
    with runner.isolation() as (out, _, _):
        code = run(cli, ["--db", str(shebao.db_path), "--today", BATCH_DAY, "person", "update", LI_NA,
                         "--address", "深圳市福田区"])  # fmt: skip
        assert code == 0
        assert run(cli, ["--db", str(shebao.db_path), "audit", "list", "--limit", "1"]) == 0
        listed = out.getvalue().decode()
    row = audit(shebao.db_path)[-1]
    assert (row[2], row[7]) == ("clerk-on-os", "os-user")
    assert "clerk-on-os (OS user)" in listed


# ---- disclosures ----------------------------------------------------------------------------


def test_a_printed_form_with_full_numbers_is_audited(shebao: ShebaoCli, tmp_path: Path) -> None:
    shebao("person", "update", LI_NA, "--address", "深圳市福田区", today=BATCH_DAY)
    application = json.loads(shebao("card", "show", LI_NA, "--json", today=BATCH_DAY).stdout)["application"]
    out = shebao("card", "form", application, today=BATCH_DAY)
    assert out.exit_code == 0 and LI_NA in out.stdout  # the form carries the full number
    printed = audit(shebao.db_path, "action = 'document.print'")
    assert [(row[4], json.loads(row[5])["number"]) for row in printed] == [(LI_NA, application)]
    assert shebao("card", "form", application, "-o", str(tmp_path / "forms" / "form.txt"), today=BATCH_DAY).exit_code == 0
    assert len(audit(shebao.db_path, "action = 'document.print'")) == 2


def test_reveal_is_audited_before_output_even_into_a_closed_pipe(shebao: ShebaoCli) -> None:
    script = f"{sys.executable} -m shebao_cli --db {shebao.db_path} --operator t --reveal person list | head -c 1"
    subprocess.run(["sh", "-c", script], check=True, capture_output=True)
    assert audit(shebao.db_path, "action = 'reveal'")[-1][4] == "shebao person list"


def test_reveal_on_a_read_only_database_is_refused_before_any_byte(shebao: ShebaoCli) -> None:
    os.chmod(shebao.db_path, 0o400)
    immutable = os.geteuid() == 0  # root writes a 0400 file: the immutable attribute stops even root
    if immutable:
        made = subprocess.run(["chattr", "+i", str(shebao.db_path)], capture_output=True, text=True)
        if made.returncode != 0:
            pytest.skip(f"root, and this file system keeps no immutable attribute: {made.stderr.strip()}")
    try:
        assert not os.access(shebao.db_path, os.W_OK)
        result = shebao("--reveal", "person", "show", LI_NA)
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(shebao.db_path)], check=True, capture_output=True)
        os.chmod(shebao.db_path, 0o600)
    # refused: as a disclosure that cannot be audited, or already as a database that cannot open
    assert result.exit_code in (1, 2) and result.stdout == "" and LI_NA not in result.stderr
    assert result.exit_code == 2 or "audited-disclosure" in result.stderr
    assert audit(shebao.db_path, "action = 'reveal'") == []


def test_reveal_refused_when_the_audit_row_cannot_be_written(shebao: ShebaoCli) -> None:
    # as root may write any file, a database that cannot take the row is made with a trigger
    conn = sqlite3.connect(shebao.db_path)
    conn.execute("CREATE TRIGGER no_more_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(FAIL, 'disk full'); END")
    conn.close()
    result = shebao("--reveal", "person", "show", LI_NA)
    assert result.exit_code == 1 and result.stdout == "" and LI_NA not in result.stderr


def test_batch_settlements_are_audited_per_person(shebao: ShebaoCli, tmp_path: Path) -> None:
    path = tmp_path / "bills.jsonl"
    documents = list(bills(seed=7, count=12, prefix="P-", patients=[LI_NA, CHEN]))
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents), encoding="utf-8")
    summary = json.loads(shebao("settle", "batch", str(path), "--json", "--chunk", "5", today=BATCH_DAY).stdout)
    mine = {d["bill_number"] for d in documents if d["citizen_id"] == LI_NA}
    listed = json.loads(shebao("audit", "list", "--subject", LI_NA, "--action", "settlement.batch", "--json").stdout)["items"]
    assert summary["settled"] == 12 and {e["detail"]["bill"] for e in listed} == mine


def test_errors_never_echo_a_full_citizen_id(shebao: ShebaoCli) -> None:
    result = shebao("person", "show", "440304199001010011")
    assert result.exit_code == 1 and "4403**********0011" in result.stderr and "440304199001010011" not in result.stderr


# ---- settling: nesting and conflicts in a batch ------------------------------------------------


def test_a_deeply_nested_line_is_refused_and_the_other_bills_settle(shebao: ShebaoCli, tmp_path: Path) -> None:
    good = list(bills(seed=8, count=3, prefix="N-", patients=[LI_NA]))
    path = tmp_path / "bills.jsonl"
    lines = [json.dumps(good[0]), "[" * 100_000 + "]" * 100_000, json.dumps(good[1]), json.dumps(good[2])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = shebao("settle", "batch", str(path), "--json", today=BATCH_DAY)
    summary = json.loads(result.stdout)
    assert result.exit_code == 1 and summary["settled"] == 3
    assert [(r["line"], "nested too deeply" in r["reason"]) for r in summary["refused"]] == [(2, True)]


def test_a_bill_number_repeated_with_other_content_is_a_conflict(shebao: ShebaoCli, tmp_path: Path) -> None:
    first = next(bills(seed=9, count=1, prefix="C-", patients=[LI_NA]))
    other = first | {"lines": [first["lines"][0] | {"quantity": "77"}]}
    path = tmp_path / "bills.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in (first, first, other)) + "\n", encoding="utf-8")
    summary = json.loads(shebao("settle", "batch", str(path), "--json", today=BATCH_DAY).stdout)
    assert (summary["settled"], summary["skipped"]) == (1, 1)  # the same bill twice is one bill
    (refused,) = summary["refused"]
    assert refused["line"] == 3 and "bill-number-conflict" in refused["reason"] and "line 1 [" in refused["reason"]
    # the store holds the first version: the other, given alone, is a conflict too, never "settled already"
    alone = write_bill(tmp_path / "other.json", **other)
    result = shebao("settle", str(alone), today=BATCH_DAY)
    assert result.exit_code == 1 and "bill-number-conflict" in result.stderr and "settled already" not in result.stderr
    again = shebao("settle", str(write_bill(tmp_path / "first.json", **first)), today=BATCH_DAY)
    assert again.exit_code == 1 and "settle-once" in again.stderr


def test_an_emergency_given_as_a_string_is_never_paid_as_one(shebao: ShebaoCli, tmp_path: Path) -> None:
    result = shebao("settle", str(write_bill(tmp_path / "b.json", emergency="false")), today=BATCH_DAY)
    assert result.exit_code == 2 and "$.emergency" in result.stderr


# ---- files and databases --------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_init_creates_a_private_folder_and_database(tmp_path: Path) -> None:
    db = tmp_path / "new" / "deeper" / "shebao.db"
    result = ShebaoCli(db, create=False)("init")
    assert result.exit_code == 0, result.stderr
    assert (mode(db.parent), mode(db.parent.parent), mode(db)) == (0o700, 0o700, 0o600)


def test_only_init_creates_a_database(tmp_path: Path) -> None:
    for environment in ({}, {"SHEBAO_DB": str(tmp_path / "env-typo.db")}):
        runner = CliRunner(env=environment)
        with runner.isolation() as (_, err, _):
            args = ["person", "list"] if environment else ["--db", str(tmp_path / "typo.db"), "person", "list"]
            assert run(cli, args) == 2
            assert "shebao init" in err.getvalue().decode()
    assert list(tmp_path.iterdir()) == []


def test_printed_files_and_backups_are_private_and_never_replaced_without_force(shebao: ShebaoCli, tmp_path: Path) -> None:
    settled = write_bill(tmp_path / "bill.json")
    assert shebao("settle", str(settled), today=BATCH_DAY).exit_code == 0
    statement = tmp_path / "out" / "statement.txt"
    assert shebao("settlement", "statement", "1", "-o", str(statement), today=BATCH_DAY).exit_code == 0
    assert (mode(statement), mode(statement.parent)) == (0o600, 0o700)
    statement.write_text("kept", encoding="utf-8")
    assert shebao("settlement", "statement", "1", "-o", str(statement), today=BATCH_DAY).exit_code == 2
    assert statement.read_text(encoding="utf-8") == "kept"
    os.chmod(statement, 0o644)
    assert shebao("settlement", "statement", "1", "-o", str(statement), "--force", today=BATCH_DAY).exit_code == 0
    assert statement.read_text(encoding="utf-8") != "kept" and mode(statement) == 0o600
    backup = tmp_path / "copies" / "backup.db"
    assert shebao("backup", str(backup), today=BATCH_DAY).exit_code == 0
    assert (mode(backup), mode(backup.parent)) == (0o600, 0o700)


def test_a_newer_schema_is_refused_before_any_write(shebao: ShebaoCli) -> None:
    conn = sqlite3.connect(shebao.db_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('shebao.people', 'm099_x', '')")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = shebao.db_path.read_bytes()
    result = shebao("person", "register", "--id", "440304199001010011", "--name", "某人", "--insured-region", "440300",
                    "--scheme", "employee", "--status", "employed")  # fmt: skip
    assert result.exit_code == 1
    assert "written by a newer shebao" in result.stderr and "shebao.people/m099_x" in result.stderr
    assert "knows schema version" in result.stderr
    assert shebao.db_path.read_bytes() == before


def test_a_higher_schema_version_is_refused(shebao: ShebaoCli) -> None:
    conn = sqlite3.connect(shebao.db_path)
    conn.execute("PRAGMA user_version = 9999")
    conn.close()
    result = shebao("person", "list")
    assert result.exit_code == 1 and "schema version 9999" in result.stderr


def test_a_damaged_stored_person_does_not_stop_the_others(shebao: ShebaoCli) -> None:
    conn = sqlite3.connect(shebao.db_path)
    conn.execute(
        "INSERT INTO persons (citizen_id, name, nationality, hukou_region, insured_region, scheme, status, photo_on_file,"
        " registered_on) VALUES ('440304199001010011\n', 'x', 'CHN', '440300', '440300', 'employee', 'employed', 0,"
        " '2026-01-01')"
    )
    conn.commit()
    conn.close()
    listed = shebao("person", "list", "--json")
    assert listed.exit_code == 0 and LI_NA[-4:] in listed.stdout
    checked = shebao("check")
    assert checked.exit_code == 1 and "stored-row" in checked.stdout


def test_a_damaged_stored_settlement_does_not_stop_the_list(shebao: ShebaoCli, tmp_path: Path) -> None:
    assert shebao("settle", str(write_bill(tmp_path / "b.json")), today=BATCH_DAY).exit_code == 0
    conn = sqlite3.connect(shebao.db_path)
    columns = [c[1] for c in conn.execute("PRAGMA table_info(settlements)")]
    row = dict(zip(columns, conn.execute("SELECT * FROM settlements ORDER BY id LIMIT 1").fetchone(), strict=True))
    row |= {"id": 999, "bill_number": "DAMAGED", "visit_type": "dental", "reversed_on": None}
    conn.execute(f"INSERT INTO settlements ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    conn.commit()
    conn.close()
    listed = shebao("settlement", "list", "--json")
    assert listed.exit_code == 0 and [s["id"] for s in json.loads(listed.stdout)["items"]] == [1]
    shown = shebao("settlement", "show", "999")
    assert shown.exit_code == 1 and "stored settlements row 999 is damaged" in shown.stderr


# ---- plugins ---------------------------------------------------------------------------------


def test_a_plugin_that_fails_to_import_is_named_and_the_others_still_load(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "broken_province").mkdir(parents=True)
    (site / "broken_province" / "__init__.py").write_text("raise ImportError('needs libfoo 2')\n", encoding="utf-8")
    info = site / "broken_province-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-province\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[shebao]\nbroken = broken_province\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("SHEBAO_LOAD_PLUGINS", None)
    listed = subprocess.run([sys.executable, "-m", "shebao_cli", "plugins", "--json"], env=env, capture_output=True,
                            text=True)  # fmt: skip
    assert listed.returncode == 0
    warnings = listed.stderr.splitlines()
    assert len(warnings) == 1 and "'broken'" in warnings[0] and "needs libfoo 2" in warnings[0]
    plugins = {p["name"]: p for p in json.loads(listed.stdout)["plugins"]}
    assert plugins["broken"]["broken"] == "ImportError: needs libfoo 2" and plugins["national"]["broken"] is None


def test_load_plugins_naming_an_unknown_plugin_warns() -> None:
    env = {**os.environ, "SHEBAO_LOAD_PLUGINS": "national,natoinal"}
    listed = subprocess.run([sys.executable, "-m", "shebao_cli", "plugins"], env=env, capture_output=True, text=True)
    assert listed.returncode == 0 and "national" in listed.stdout
    assert "SHEBAO_LOAD_PLUGINS names 'natoinal'" in listed.stderr
