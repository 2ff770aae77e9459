"""Bad input to the people commands: one clear line, exit 1 or 2, the database unchanged.

The corpus grows with each concern; every entry is tried on a database that already holds
an employer, an employee with an employment, and a flexible worker."""

import json
from pathlib import Path

import pytest
from helpers import ShebaoCli, db_snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LI_NA = "440304198503120021"
FLEX = "440305198801010046"
EMPLOYER = "91440300MA5F000007"
PERSON = ["--name", "某人", "--insured-region", "440300", "--scheme", "employee", "--status", "employed"]


@pytest.fixture
def populated(shebao: ShebaoCli) -> ShebaoCli:
    shebao.ok("employer", "register", "--uscc", EMPLOYER, "--name", "样例公司", "--region", "440300", today="2026-01-01")
    shebao.ok("person", "register", "--id", LI_NA, *PERSON, today="2026-01-01")
    shebao.ok("person", "register", "--id", FLEX, *PERSON[:-1], "flexible", today="2026-01-01")
    shebao.ok("employer", "hire", EMPLOYER, LI_NA, "--start", "2026-01-02", today="2026-01-02")
    return shebao


def register(changes: dict[str, str]) -> list[str]:
    """``person register`` of a new person, with some options changed."""
    fields = {"--id": "440304199207180032", "--name": "某人", "--insured-region": "440300"}
    fields |= {"--scheme": "employee", "--status": "employed"} | changes
    return ["person", "register", *[part for pair in fields.items() for part in pair]]


CORPUS: list[tuple[list[str], int, str]] = [
    (["person", "register", "--id", "440304198503120022", *PERSON], 2, "check character"),
    (["person", "register", "--id", "44030419850312002", *PERSON], 2, "18 characters"),
    (["person", "register", "--id", "440304198502300026", *PERSON], 2, "citizen identity number"),
    (["person", "register", "--id", "44030419850312O021", *PERSON], 2, "citizen identity number"),
    (["person", "register", "--id", "", *PERSON], 2, "citizen identity number"),
    (["person", "register", "--id", "110101202605010010", *PERSON], 2, "birth date is in the future"),
    (register({"--insured-region": "990000"}), 2, "unknown region"),
    (register({"--insured-region": "44a"}), 2, "2 or 6 digits"),
    (register({"--scheme": "gold"}), 2, "gold"),
    (register({"--name": ""}), 2, "name"),
    (["person", "register", "--id", "440304199207180032", *PERSON, "--phone", "12345"], 2, "phone"),
    (["person", "register", "--id", "440304199207180032", *PERSON, "--hukou-region", "9"], 2, "region"),
    (register({"--scheme": "resident"}), 1, "employee-scheme-status"),
    (["person", "register", "--id", LI_NA, *PERSON], 1, "register-once"),
    (["person", "show", "123"], 2, "citizen identity number"),
    (["person", "show", "440304199207180032"], 1, "must-exist"),
    (["person", "list", "--limit", "0"], 2, "limit"),
    (["person", "list", "--insured-region", "990000"], 2, "unknown region"),
    (["employer", "register", "--uscc", "91440300MA5F000008", "--name", "x", "--region", "440300"], 2, "credit code"),
    (["employer", "register", "--uscc", EMPLOYER, "--name", "x", "--region", "440300"], 1, "register-once"),
    (["employer", "register", "--uscc", "91440300MA5G11110F", "--name", "x", "--region", "000000"], 2, "region"),
    (["employer", "hire", EMPLOYER, LI_NA, "--start", "2026-02-30"], 2, "real date"),
    (["employer", "hire", EMPLOYER, LI_NA, "--start", "2026-01-02"], 1, "register-once"),
    (["employer", "hire", "91440300MA5G11110F", LI_NA, "--start", "2026-01-02"], 1, "must-exist"),
    (["employer", "hire", EMPLOYER, "440304199207180032", "--start", "2026-01-02"], 1, "must-exist"),
    (["employer", "hire", EMPLOYER, LI_NA, "--start", "1990-01-01"], 1, "minimum-working-age"),
    (["employer", "register-employee", EMPLOYER, LI_NA], 1, "registration-owed"),
    (["employer", "overdue", "--as-of", "yesterday"], 2, "real date"),
    (["contribution", "pay", LI_NA, "--month", "2026-13", "--base", "5000", "--employer", EMPLOYER], 2, "month"),
    (["contribution", "pay", LI_NA, "--month", "2026-02", "--base", "-1", "--employer", EMPLOYER], 2, "negative"),
    (["contribution", "pay", LI_NA, "--month", "2026-02", "--base", "12.345", "--employer", EMPLOYER], 2, "fraction of a fen"),
    (["contribution", "pay", LI_NA, "--month", "2026-02", "--base", "1e99", "--employer", EMPLOYER], 2, "not an amount"),
    (["contribution", "pay", LI_NA, "--month", "2026-02", "--base", "99999999999999", "--employer", EMPLOYER], 2, "too large"),
    (["contribution", "pay", LI_NA, "--month", "2026-02", "--base", "lots", "--employer", EMPLOYER], 2, "not an amount"),
    (["contribution", "pay", LI_NA, "--month", "2026-02", "--base", "0", "--employer", EMPLOYER], 1, "positive-base"),
    (["contribution", "pay", LI_NA, "--month", "2027-01", "--base", "5000", "--employer", EMPLOYER], 1, "no-future-period"),
    (["contribution", "pay", LI_NA, "--month", "2025-12", "--base", "5000", "--employer", EMPLOYER], 1, "employer-of-record"),
    (["contribution", "pay", LI_NA, "--month", "2026-02", "--base", "5000", "--channel", "alipay"], 1, "employer-pays-employee"),
    (["contribution", "pay", FLEX, "--month", "2026-02", "--base", "5000", "--channel", "bitcoin"], 2, "bitcoin"),
    (["contribution", "pay", FLEX, "--month", "2026-02", "--base", "5000", "--employer", EMPLOYER], 1, "employer-of-record"),
    (["contribution", "list", LI_NA, "--from", "2026-05", "--to", "2026-01"], 2, "after"),
    (["account", "show", "440304199207180032"], 1, "must-exist"),
    (["account", "credit-retirees", "--month", "2099-01"], 1, "no-future-period"),
    (["--today", "2026-02-31", "person", "list"], 2, "real date"),
    (["person", "frobnicate"], 2, "No such command"),
]


@pytest.mark.parametrize(("args", "status", "message"), CORPUS, ids=[" ".join(c[0])[:60] for c in CORPUS])
def test_bad_input_is_refused_cleanly(populated: ShebaoCli, db_path: Path, args: list[str], status: int, message: str) -> None:
    before = db_snapshot(db_path)
    result = populated(*args)
    assert result.exit_code == status, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message.lower() in lines[0].lower()
    assert "Traceback" not in result.stderr
    assert db_snapshot(db_path) == before


def test_bad_json_files_are_refused(populated: ShebaoCli, db_path: Path, tmp_path: Path) -> None:
    before = db_snapshot(db_path)
    files = {
        "empty.json": b"",
        "binary.json": bytes(range(256)),
        "gbk.json": '{"name": "李娜"}'.encode("gbk"),
        "list.json": b"[1, 2]",
        "types.json": json.dumps(
            {
                "citizen_id": 440304199207180032,
                "name": ["x"],
                "insured_region": "440300",
                "scheme": "employee",
                "status": "employed",
            }
        ).encode(),
    }
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        result = populated("person", "register", "--from-json", str(path))
        assert result.exit_code == 2, (name, result)
        assert len(result.stderr.strip().splitlines()) == 1, (name, result.stderr)
    assert db_snapshot(db_path) == before


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=10,
)
person_like = st.fixed_dictionaries(
    {},
    optional={
        "citizen_id": st.sampled_from([LI_NA, "440304199207180032", "x", ""]) | json_values,
        "name": st.text(max_size=70) | json_values,
        "insured_region": st.sampled_from(["440300", "44", "990000"]) | json_values,
        "scheme": st.sampled_from(["employee", "resident"]) | json_values,
        "status": st.sampled_from(["employed", "retired", "flexible"]) | json_values,
        "phone": st.sampled_from(["13800138000", "0755-12345678"]) | json_values,
        "extra": json_values,
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=person_like | json_values)
def test_generated_person_documents_never_cause_a_traceback(shebao: ShebaoCli, tmp_path: Path, document: object) -> None:
    path = tmp_path / "person.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = shebao("person", "register", "--from-json", str(path))
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.stderr
    if result.exit_code:
        assert len(result.stderr.strip().splitlines()) == 1
