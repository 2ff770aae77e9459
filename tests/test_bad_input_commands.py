"""Bad input to every command on main beyond the people commands (those are in
test_bad_input_people.py): exit 1 or 2, one clear line on stderr, the database unchanged.

The corpus is a table: (label, arguments, exit status, words the one line must contain).
An argument ``{file:NAME}`` becomes the path of a file holding ``FILES[NAME]``; ``{tmp}`` is a
fresh folder. To cover a new command (card, payment ...), add its rows and any files it reads.
Every row runs on a copy of the same populated database (the demo's first two chapters, one
settled bill), with today 2026-06-30."""

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import ShebaoCli, db_snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_world import BATCH_DAY, bills, copy_database, settled_world

from shebao_cli.demo.filing import FILING_ID
from shebao_cli.demo.ids import DEMO_IDS

CHEN = DEMO_IDS["chen_jian"]
LI_NA = DEMO_IDS["li_na"]
UNREGISTERED = "440304199001010011"
GOOD_BILL: dict[str, Any] = next(bills(seed=1, count=1, prefix="GOOD-", patients=[LI_NA]))
SETTLED_BILL: dict[str, Any] = next(bills(seed=2, count=1, prefix="DONE-", patients=[LI_NA]))


def bill(**changes: Any) -> bytes:
    document = json.loads(json.dumps(GOOD_BILL)) | changes
    return json.dumps({k: v for k, v in document.items() if v is not None}, ensure_ascii=False).encode()


def line(**changes: Any) -> bytes:
    document = json.loads(json.dumps(GOOD_BILL))
    document["lines"][0] |= changes
    return json.dumps(document, ensure_ascii=False).encode()


OUTPATIENT = {"visit_type": "general-outpatient", "treated_on": "2026-05-10"}
FILES: dict[str, bytes] = {
    "bad-checksum": bill(citizen_id="440304198503120022"),
    "impossible-date": bill(**OUTPATIENT | {"treated_on": "2026-02-30"}),
    "unknown-institution": bill(institution_code="H999999S0001"),
    "unregistered": bill(citizen_id=UNREGISTERED),
    "negative-price": line(unit_price="-1.00"),
    "non-numeric-price": line(unit_price="abc"),
    "float-price": line(unit_price=12.5),
    "huge-price": line(unit_price="1e400"),
    "huge-quantity": line(quantity="9" * 40),
    "zero-quantity": line(quantity="0"),
    "fractional-fen-total": line(unit_price="0.001", quantity="1"),
    "wrong-type-lines": bill(lines="many"),
    "wrong-type-number": bill(bill_number=12345),
    "extra-field": bill(discount="10.00"),
    "unknown-visit": bill(visit_type="dental"),
    "future-visit": bill(**OUTPATIENT | {"treated_on": "2026-07-01"}),
    "wrong-order": bill(visit_type="inpatient", admitted_on="2026-05-10", discharged_on="2026-05-01", treated_on=None),
    "outpatient-admitted": bill(**OUTPATIENT | {"admitted_on": "2026-05-09"}),
    "no-lines": bill(lines=[]),
    "list": b"[1, 2, 3]",
    "empty": b"",
    "binary": bytes(range(256)),
    "gbk": bill().decode("utf-8").encode("gbk", errors="replace") + "深圳".encode("gbk"),
    "utf16": bill().decode("utf-8").encode("utf-16"),
    "settled": json.dumps(SETTLED_BILL, ensure_ascii=False).encode(),
    "jsonl-binary": bytes(range(256)),
    "jsonl-bad-line": b'{"bill_number": "broken"\n',
}
FILES["jsonl-empty"] = b""
FILES["icbc-wrong-columns"] = "日期,金额\n20260305,20.00\n".encode("gbk")
FILES["icbc-utf16"] = "交易日期,交易时间,缴款通知书编号,缴款人,金额(元),柜员流水号,交易渠道\n".encode("utf-16")
FILES["abc-bad-trailer"] = "H|ABC|深圳|2026-03-06\nD|S1|SK4403002026030200013|2000|20260306093011|01\nT|2|4000\n".encode("gbk")


# fmt: off
CORPUS: list[tuple[str, list[str], int, str]] = [
    # settle FILE
    ("settle: bad check character", ["settle", "{file:bad-checksum}"], 2, "check character"),
    ("settle: impossible date", ["settle", "{file:impossible-date}"], 2, "$.treated_on"),
    ("settle: unknown institution", ["settle", "{file:unknown-institution}"], 1, "no institution"),
    ("settle: unregistered person", ["settle", "{file:unregistered}"], 1, "must-exist"),
    ("settle: negative price", ["settle", "{file:negative-price}"], 2, "$.lines[0].unit_price"),
    ("settle: non-numeric price", ["settle", "{file:non-numeric-price}"], 2, "$.lines[0].unit_price"),
    ("settle: price as a JSON number", ["settle", "{file:float-price}"], 2, "$.lines[0].unit_price"),
    ("settle: huge price", ["settle", "{file:huge-price}"], 2, "$.lines[0].unit_price"),
    ("settle: huge quantity", ["settle", "{file:huge-quantity}"], 2, "$.lines[0].quantity"),
    ("settle: zero quantity", ["settle", "{file:zero-quantity}"], 2, "$.lines[0].quantity"),
    ("settle: lines of the wrong type", ["settle", "{file:wrong-type-lines}"], 2, "$.lines"),
    ("settle: bill number of the wrong type", ["settle", "{file:wrong-type-number}"], 2, "$.bill_number"),
    ("settle: extra field", ["settle", "{file:extra-field}"], 2, "discount"),
    ("settle: unknown visit type", ["settle", "{file:unknown-visit}"], 2, "$.visit_type"),
    ("settle: visit after today", ["settle", "{file:future-visit}"], 1, "no-future-visit"),
    ("settle: discharged before admitted", ["settle", "{file:wrong-order}"], 2, "before admission"),
    ("settle: outpatient with an admission", ["settle", "{file:outpatient-admitted}"], 2, "$.admitted_on"),
    ("settle: no lines", ["settle", "{file:no-lines}"], 2, "$.lines"),
    ("settle: a list, not a bill", ["settle", "{file:list}"], 2, "not list"),
    ("settle: empty file", ["settle", "{file:empty}"], 2, "empty"),
    ("settle: binary file", ["settle", "{file:binary}"], 2, "utf-8"),
    ("settle: GBK file", ["settle", "{file:gbk}"], 2, "utf-8"),
    ("settle: UTF-16 file", ["settle", "{file:utf16}"], 2, "utf-8"),
    ("settle: bill settled already", ["settle", "{file:settled}"], 1, "settle-once"),
    ("settle: no such file", ["settle", "{tmp}/missing.json"], 2, "does not exist"),
    # settle batch
    ("batch: binary file", ["settle", "batch", "{file:jsonl-binary}", "--json"], 1, "refused"),
    ("batch: broken line", ["settle", "batch", "{file:jsonl-bad-line}", "--json"], 1, "refused"),
    ("batch: chunk of 0", ["settle", "batch", "{file:jsonl-empty}", "--chunk", "0"], 2, "chunk"),
    # settlement
    ("settlement show: not a number", ["settlement", "show", "abc"], 2, "abc"),
    ("settlement show: unknown", ["settlement", "show", "999999"], 1, "must-exist"),
    ("settlement show: huge id", ["settlement", "show", "9" * 30], 2, "range"),
    ("settlement show: unknown format", ["settlement", "show", "1", "--format", "xml"], 2, "xml"),
    ("settlement reverse: unknown", ["settlement", "reverse", "999999"], 1, "must-exist"),
    ("settlement list: dates in the wrong order",
     ["settlement", "list", "--from", "2026-06-01", "--to", "2026-05-01"], 2, "after"),
    ("settlement list: bad person", ["settlement", "list", "--person", "12345"], 2, "citizen identity number"),
    ("settlement list: limit 0", ["settlement", "list", "--limit", "0"], 2, "limit"),
    ("settlement reconcile: wrong order", ["settlement", "reconcile", "--institution", "H440300S0001",
                                           "--from", "2026-06-01", "--to", "2026-05-01"], 2, "after"),
    ("settlement reconcile: impossible date", ["settlement", "reconcile", "--institution", "H440300S0001",
                                               "--from", "2026-02-29", "--to", "2026-05-01"], 2, "real date"),
    ("settlement statement: unknown format", ["settlement", "statement", "1", "--format", "xml"], 2, "xml"),
    # filing
    ("filing apply: bad check character", ["filing", "apply", "440300195505050057", "--category", "retiree-resettled",
                                           "--region", "310100"], 2, "check character"),
    ("filing apply: unknown region", ["filing", "apply", CHEN, "--category", "retiree-resettled",
                                      "--region", "990000"], 2, "region"),
    ("filing apply: unknown category", ["filing", "apply", CHEN, "--category", "tourist", "--region", "310100"], 2, "tourist"),
    ("filing apply: impossible date", ["filing", "apply", CHEN, "--category", "other-temporary", "--region", "110100",
                                       "--from", "2026-02-30"], 2, "real date"),
    ("filing apply: dates in the wrong order", ["filing", "apply", CHEN, "--category", "other-temporary",
                                                "--region", "110100", "--from", "2026-07-10", "--until", "2026-07-01",
                                                "--document", "card-and-copy"], 2, "before it starts"),
    ("filing apply: unknown person", ["filing", "apply", UNREGISTERED, "--category", "other-temporary",
                                      "--region", "110100"], 1, "must-exist"),
    ("filing apply: unknown institution", ["filing", "apply", LI_NA, "--category", "other-temporary", "--region", "310100",
                                           "--document", "card-and-copy", "--institution", "H999999S0001"],
     2, "H999999S0001"),
    ("filing approve: unknown filing", ["filing", "approve", "YD209901010001"], 1, "must-exist"),
    ("filing approve: approved already", ["filing", "approve", FILING_ID], 1, "approved"),
    ("filing reject: approved already", ["filing", "reject", FILING_ID, "--reason", "x"], 1, "approved"),
    ("filing covers: impossible date", ["filing", "covers", CHEN, "--region", "310100", "--on", "2026-13-01"], 2, "real date"),
    ("filing list: unknown state", ["filing", "list", "--state", "lost"], 2, "lost"),
    ("filing form: unknown filing", ["filing", "form", "YD209901010001"], 1, "must-exist"),
    # institution
    ("institution show: unknown", ["institution", "show", "H999999S0001"], 2, "unknown institution"),
    ("institution search: unknown level", ["institution", "search", "--level", "quaternary"], 2, "quaternary"),
    ("institution search: limit 0", ["institution", "search", "--limit", "0"], 2, "limit"),
    ("institution search: unknown region", ["institution", "search", "--region", "99"], 2, "region"),
    # account
    ("account show: bad id", ["account", "show", "4403041985031200"], 2, "citizen identity number"),
    ("account credit-retirees: month 0", ["account", "credit-retirees", "--month", "2026-00"], 2, "month"),
    # audit, backup, check
    ("audit list: limit 0", ["audit", "list", "--limit", "0"], 2, "limit"),
    ("audit list: impossible date", ["audit", "list", "--since", "2026-02-30"], 2, "real date"),
    ("audit list: dates in the wrong order", ["audit", "list", "--since", "2026-06-01", "--until", "2026-05-01"], 2, "after"),
    ("backup: onto an existing file", ["backup", "{file:empty}"], 2, "exists"),
    ("backup: into a folder that is a file", ["backup", "/dev/null/copy.db"], 2, "cannot be created"),
    ("check: unknown option", ["check", "--fix"], 2, "--fix"),
    # plugins
    ("plugin new: unknown family", ["plugin", "new", "--family", "insurer", "x", "{tmp}/x"], 2, "insurer"),
    ("plugin check: unknown plugin", ["plugin", "check", "no-such-plugin"], 2, "no-such-plugin"),
    ("plugins: unknown option", ["plugins", "--yaml"], 2, "--yaml"),
    # card and payment
    ("card apply: bad check character", ["card", "apply", "440300195505050057", "--document", "identity-card",
                                         "--address", "深圳"], 2, "check character"),
    ("card apply: unknown person", ["card", "apply", UNREGISTERED, "--document", "identity-card", "--address", "深圳"],
     1, "must-exist"),
    ("card apply: unknown document", ["card", "apply", CHEN, "--document", "passport", "--address", "深圳"], 2, "passport"),
    ("card apply: no address", ["card", "apply", LI_NA, "--document", "identity-card"], 2, "address"),
    ("card show: unknown application", ["card", "show", "SQ209901010001"], 1, "must-exist"),
    ("card pay: unknown application", ["card", "pay", "SQ209901010001", "--channel", "icbc", "--receipt", "R1"],
     1, "must-exist"),
    ("card pay: unknown channel", ["card", "pay", "SQ209901010001", "--channel", "paypal", "--receipt", "R1"], 2, "paypal"),
    ("card form: unknown format", ["card", "form", "SQ209901010001", "--format", "xml", "-o", "{tmp}/f.xml"], 2, "xml"),
    ("card report-lost: unknown card", ["card", "report-lost", "Z99999999"], 1, "must-exist"),
    ("payment import: unknown channel", ["payment", "import", "--channel", "paypal", "{file:empty}"], 2, "paypal"),
    ("payment import: empty statement", ["payment", "import", "--channel", "icbc", "{file:empty}"], 2, "empty"),
    ("payment import: binary statement", ["payment", "import", "--channel", "icbc", "{file:binary}"], 2, "gbk"),
    ("payment import: UTF-16 statement", ["payment", "import", "--channel", "icbc", "{file:icbc-utf16}"], 2, "gbk"),
    ("payment import: wrong columns", ["payment", "import", "--channel", "icbc", "{file:icbc-wrong-columns}"],
     2, "expected columns"),
    ("payment import: trailer does not add up", ["payment", "import", "--channel", "abc", "{file:abc-bad-trailer}"],
     2, "trailer"),
    ("payment notice: negative base", ["payment", "notice", DEMO_IDS["zhang_min"], "--month", "2026-06",
                                       "--base", "-6000"], 2, "negative"),
    ("account activate: bank card check digit", ["account", "activate", CHEN, "--id-card-original", "--id-card-copy",
                                                 "--card", "A00000018", "--bank-card", "6222020200000000008",
                                                 "--face", "passed", "--fingerprint", "passed"], 2, "check digit"),
    ("account activate: evidence missing", ["account", "activate", LI_NA, "--id-card-original"], 1, "missing"),
    # the whole command line
    ("--today impossible", ["--today", "2026-13-01", "settlement", "list"], 2, "real date"),
    ("unknown command", ["settlment", "list"], 2, "settlment"),
]
# fmt: on


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's people and filing chapters, and one settled bill."""
    db = settled_world(tmp_path_factory, SETTLED_BILL)
    return db


@pytest.fixture
def shebao(world: Path, tmp_path: Path) -> ShebaoCli:
    return ShebaoCli(copy_database(world, tmp_path / "shebao.db"))


def expand(argument: str, tmp_path: Path) -> str:
    if argument.startswith("{file:"):
        name = argument[len("{file:") : -1]
        path = tmp_path / f"{name}.json"
        path.write_bytes(FILES[name])
        return str(path)
    return argument.replace("{tmp}", str(tmp_path))


@pytest.mark.parametrize(("label", "args", "status", "message"), CORPUS, ids=[row[0] for row in CORPUS])
def test_bad_input_is_refused_cleanly(
    shebao: ShebaoCli, tmp_path: Path, label: str, args: list[str], status: int, message: str
) -> None:
    before = db_snapshot(shebao.target)
    result = shebao(*(expand(a, tmp_path) for a in args), today=BATCH_DAY)
    assert result.exit_code == status, result
    assert "Traceback" not in result.stderr
    lines = [text for text in result.stderr.splitlines() if text.strip() and text.strip() != "settling"]
    assert len(lines) == 1, result.stderr
    assert message.lower() in lines[0].lower(), lines[0]
    assert db_snapshot(shebao.target) == before


def test_the_corpus_is_large_and_covers_every_command() -> None:
    from test_bad_input_people import CORPUS as PEOPLE

    commands = {next(a for a in args if not a.startswith("-") and not a[:4].isdigit()) for _, args, _, _ in CORPUS}
    commands |= {args[0] for args, _, _ in PEOPLE}
    assert len(CORPUS) + len(PEOPLE) >= 40
    expected = {"person", "employer", "contribution", "account", "filing", "institution", "settle", "settlement"}
    assert expected | {"audit", "backup", "check", "plugin", "plugins"} <= commands


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=10,
)
bill_line = st.fixed_dictionaries(
    {},
    optional={
        "code": st.sampled_from(["XJ01CAA040A001", "ZZ0000000001", ""]) | json_values,
        "name": st.text(max_size=10) | json_values,
        "unit_price": st.sampled_from(["1.30", "-1", "0", "1e9", "0.0001", "abc"]) | json_values,
        "quantity": st.sampled_from(["1", "0", "2.5", "-3", "1e30"]) | json_values,
    },
)
bill_like = st.fixed_dictionaries(
    {},
    optional={
        "bill_number": st.text(max_size=12) | json_values,
        "citizen_id": st.sampled_from([LI_NA, CHEN, UNREGISTERED, "x"]) | json_values,
        "institution_code": st.sampled_from(["H440300S0001", "H310100S0001", "H999999S0001"]) | json_values,
        "visit_type": st.sampled_from(["inpatient", "general-outpatient", "chronic-special"]) | json_values,
        "admitted_on": st.sampled_from(["2026-05-01", "2026-02-30", "2027-01-01"]) | json_values,
        "discharged_on": st.sampled_from(["2026-05-05", "2026-04-30"]) | json_values,
        "treated_on": st.sampled_from(["2026-05-05", "2026-13-01"]) | json_values,
        "disease": st.sampled_from(["diabetes", "flu"]) | json_values,
        "emergency": st.booleans() | json_values,
        "certificate": st.sampled_from(["card", "electronic", "paper"]) | json_values,
        "lines": st.lists(bill_line, max_size=3) | json_values,
        "extra": json_values,
    },
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=bill_like | json_values)
def test_generated_bills_never_cause_a_traceback(world: Path, tmp_path: Path, document: object) -> None:
    db = tmp_path / "hypothesis.db"
    if not db.exists():
        shutil.copy(world, db)
    path = tmp_path / "bill.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    for args in (["settle", str(path)], ["settle", "batch", str(path)]):
        result = ShebaoCli(db)(*args, today=BATCH_DAY)
        assert result.exit_code in (0, 1, 2), result
        assert "Traceback" not in result.stderr
