"""Hostile input, by class: every case exits with its status, prints exactly one line on stderr,
no traceback, no full citizen id or bank card number, and leaves the database byte-identical.

``CLASSES`` maps a class of attack to its cases (label, arguments, exit status, words the line
must contain). Arguments expand as in test_bad_input_commands: ``{file:NAME}`` is a file
holding ``FILES[NAME]``, ``{tmp}`` a fresh folder, ``{db}`` the database itself. A new hole
found is a new row in its class (or a new class), never a new test function."""

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import ShebaoCli, db_snapshot
from reliability_world import BATCH_DAY, bills, copy_database, settled_world

from shebao_cli.demo.filing import FILING_ID
from shebao_cli.demo.ids import DEMO_EMPLOYER, DEMO_IDS

LI_NA = DEMO_IDS["li_na"]
CHEN = DEMO_IDS["chen_jian"]
ZHANG = DEMO_IDS["zhang_min"]
GOOD_BILL: dict[str, Any] = next(bills(seed=1, count=1, prefix="GOOD-", patients=[LI_NA]))
SETTLED_BILL: dict[str, Any] = next(bills(seed=2, count=1, prefix="DONE-", patients=[LI_NA]))
OUTPATIENT = {"visit_type": "general-outpatient", "admitted_on": None, "discharged_on": None}


def bill(**changes: Any) -> bytes:
    document = json.loads(json.dumps(GOOD_BILL)) | changes
    return json.dumps({k: v for k, v in document.items() if v is not None}, ensure_ascii=False).encode()


def line(**changes: Any) -> bytes:
    document = json.loads(json.dumps(GOOD_BILL))
    document["lines"][0] |= changes
    return json.dumps(document, ensure_ascii=False).encode()


def person(**changes: Any) -> bytes:
    document = {"citizen_id": "440304199001010011", "name": "某人", "insured_region": "440300"}
    document |= {"scheme": "employee", "status": "employed"} | changes
    return json.dumps(document, ensure_ascii=False).encode()


def deep(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


ICBC_HEADER = "交易日期,交易时间,缴款通知书编号,缴款人,金额(元),柜员流水号,交易渠道\n"


def icbc(amount: str) -> bytes:
    return (ICBC_HEADER + f"20260305,09:30:11,SK4403002026030200013,李娜,{amount},ICBC0305000001,柜面\n").encode("gbk")


FILES: dict[str, bytes] = {
    # wrong JSON types
    "emergency-string": bill(emergency="false"),
    "emergency-number": bill(emergency=0),
    "emergency-null": json.dumps(GOOD_BILL | {"emergency": None}, ensure_ascii=False).encode(),
    "lines-object": bill(lines={"0": GOOD_BILL["lines"][0]}),
    "lines-string": bill(lines="XJ01"),
    "line-list": bill(lines=[["XJ01", "x", "1.00", "1"]]),
    "quantity-number": line(quantity=2),
    "citizen-id-number": bill(citizen_id=440304198503120021),
    "bill-number-bool": bill(bill_number=True),
    "certificate-list": bill(certificate=["card"]),
    "visit-number": bill(visit_type=1),
    "day-number": bill(**OUTPATIENT, treated_on=20260510),
    "code-null": line(code=None),
    "person-photo-string": person(photo_on_file="false"),
    "person-name-list": person(name=["某", "人"]),
    # nesting
    "deep-array": deep(100_000),
    "deep-object": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "deep-in-lines": bill().replace(b'"lines": [', b'"lines": [' + deep(50_000) + b",", 1),
    # money
    "line-beyond-limit": line(unit_price="999999999", quantity="999999"),
    "bill-beyond-limit": bill(lines=[{"code": "ZZ0000000001", "name": "x", "unit_price": "999999999", "quantity": "9999"}] * 2),
    # dates outside a life
    "before-birth": bill(**OUTPATIENT, treated_on="1980-01-01"),
    "before-registration": bill(**OUTPATIENT, treated_on="2025-06-01"),
    "year-0001": bill(**OUTPATIENT, treated_on="0001-01-01"),
    "far-future": bill(**OUTPATIENT, treated_on="9999-12-31"),
    # loose numbers
    "price-full-width": line(unit_price="１.30"),
    "price-underscore": line(unit_price="1_000.00"),
    "price-exponent": line(unit_price="2e1"),
    "quantity-exponent": line(quantity="1e1"),
    "icbc-full-width": icbc("２０.００"),
    "icbc-underscore": icbc("2_0.00"),
    "icbc-exponent": icbc("2e1"),
    "icbc-escape-serial": icbc("20.00").replace(b"ICBC0305000001", b"ICBC\x1b[2J0001"),
    "abc-full-width": "H|ABC|深圳|2026-03-06\nD|S1|SK4403002026030200013|２０００|20260306093011|01\nT|1|2000\n".encode("gbk"),
    # text fields
    "bill-bidi": bill(bill_number="GOOD\u202e1000"),
    "line-name-newline": line(name="阿莫西林\n2026-06-30 forged row"),
    "line-name-zero-width": line(name="阿莫\u200b西林"),
    "bill-number-long": bill(bill_number="B" * 201),
    "person-name-control": person(name="某\x1b[2J人"),
    # raw citizen ids
    "bill-id-newline": bill(citizen_id=LI_NA + "\n"),
    "bill-id-space": bill(citizen_id=" " + LI_NA),
    "person-id-newline": person(citizen_id="440304199001010011\n"),
    # bill numbers in conflict
    "settled-other-content": json.dumps(
        SETTLED_BILL | {"lines": [SETTLED_BILL["lines"][0] | {"quantity": "99"}]}, ensure_ascii=False
    ).encode(),
    "settled-other-person": json.dumps(SETTLED_BILL | {"citizen_id": DEMO_IDS["wang_wei"]}, ensure_ascii=False).encode(),
    "settled-other-certificate": json.dumps(
        SETTLED_BILL | {"certificate": "electronic" if SETTLED_BILL.get("certificate") == "card" else "card"},
        ensure_ascii=False,
    ).encode(),
    "line-beyond-limit-by-quantity": line(unit_price="100000000", quantity="100001"),
    "lines-beyond-limit-together": bill(
        lines=[{"code": "ZZ0000000001", "name": "x", "unit_price": "999999999", "quantity": "5001"}] * 2
    ),
    # statements beyond the CSV field limit
    "icbc-huge-field": (ICBC_HEADER + '20260305,09:30:11,"' + "9" * 200_000 + '",x,20.00,R1,柜面\n').encode("gbk"),
    "wechat-huge-field": ("交易时间,公众账号ID\n`" + "x" * 200_000 + ",y\n").encode(),
    "alipay-huge-field": ("#支付宝账务明细\n#" + "-" * 41 + "业务明细列表" + "-" * 40 + '\n"' + "x" * 200_000 + '"\n').encode(
        "gbk"
    ),
}
EXISTING = b"someone's letter\n"

PERSON = ["--name", "某人", "--insured-region", "440300", "--scheme", "employee", "--status", "employed"]
NEW_ID = "440304199001010011"
REJECT = ["filing", "reject", "YD209901010001", "--reason"]

# fmt: off
CLASSES: dict[str, list[tuple[str, list[str], int, str]]] = {
    "wrong JSON types": [
        ("emergency as a string", ["settle", "{file:emergency-string}"], 2, "$.emergency"),
        ("emergency as a number", ["settle", "{file:emergency-number}"], 2, "true or false"),
        ("emergency as null", ["settle", "{file:emergency-null}"], 2, "$.emergency"),
        ("lines as an object", ["settle", "{file:lines-object}"], 2, "must be a list, not an object"),
        ("lines as a string", ["settle", "{file:lines-string}"], 2, "must be a list, not a string"),
        ("a line as a list", ["settle", "{file:line-list}"], 2, "$.lines[0]"),
        ("quantity as a number", ["settle", "{file:quantity-number}"], 2, "$.lines[0].quantity"),
        ("citizen id as a number", ["settle", "{file:citizen-id-number}"], 2, "$.citizen_id"),
        ("bill number as a boolean", ["settle", "{file:bill-number-bool}"], 2, "$.bill_number"),
        ("certificate as a list", ["settle", "{file:certificate-list}"], 2, "$.certificate"),
        ("visit type as a number", ["settle", "{file:visit-number}"], 2, "$.visit_type"),
        ("treatment day as a number", ["settle", "{file:day-number}"], 2, "$.treated_on"),
        ("line code as null", ["settle", "{file:code-null}"], 2, "$.lines[0].code"),
        ("person photo flag as a string", ["person", "register", "--from-json", "{file:person-photo-string}"], 2,
         "$.photo_on_file"),
        ("person name as a list", ["person", "register", "--from-json", "{file:person-name-list}"], 2, "$.name"),
    ],
    "deep nesting": [
        ("100,000 nested arrays", ["settle", "{file:deep-array}"], 2, "nested too deeply"),
        ("100,000 nested objects", ["settle", "{file:deep-object}"], 2, "nested too deeply"),
        ("50,000 levels inside the lines", ["settle", "{file:deep-in-lines}"], 2, "nested too deeply"),
        ("a deep person document", ["person", "register", "--from-json", "{file:deep-array}"], 2, "nested too deeply"),
    ],
    "money limits": [
        ("a line of 999999999 x 999999", ["settle", "{file:line-beyond-limit}"], 2, "beyond the limit"),
        ("a bill beyond the limit", ["settle", "{file:bill-beyond-limit}"], 2, "beyond the limit"),
        ("a line beyond the limit by its quantity", ["settle", "{file:line-beyond-limit-by-quantity}"], 2,
         "$.lines[0]"),
        ("two lines beyond the limit together", ["settle", "{file:lines-beyond-limit-together}"], 2, "bill total"),
        ("contribution base beyond the limit", ["contribution", "pay", ZHANG, "--month", "2026-06", "--base",
                                                "99999999999999", "--channel", "alipay"], 2, "too large"),
        ("notice base beyond the limit", ["payment", "notice", ZHANG, "--month", "2026-06", "--base",
                                          "10000000000000.01"], 2, "too large"),
    ],
    "dates outside a life": [
        ("a visit before birth", ["settle", "{file:before-birth}"], 1, "visit-in-lifetime"),
        ("a visit before registration", ["settle", "{file:before-registration}"], 1, "entitlement"),
        ("a visit in year 0001", ["settle", "{file:year-0001}"], 2, "outside 1900 to 2199"),
        ("a visit in 9999", ["settle", "{file:far-future}"], 2, "outside 1900 to 2199"),
        ("--today in year 0001", ["--today", "0001-01-01", "person", "list"], 2, "outside"),
        ("a filing from 9999", ["filing", "apply", CHEN, "--category", "other-temporary", "--region", "110100",
                                "--from", "9999-01-01"], 2, "outside"),
        ("a hire in 1899", ["employer", "hire", DEMO_EMPLOYER, LI_NA, "--start", "1899-12-31"], 2, "outside"),
    ],
    "loose numbers": [
        ("full-width base", ["contribution", "pay", ZHANG, "--month", "2026-06", "--base", "６０００",
                             "--channel", "alipay"], 2, "not an amount"),
        ("base with an underscore", ["contribution", "pay", ZHANG, "--month", "2026-06", "--base", "6_000.00",
                                     "--channel", "alipay"], 2, "not an amount"),
        ("base with an exponent", ["payment", "notice", ZHANG, "--month", "2026-06", "--base", "2e1"], 2, "not an amount"),
        ("base with a space inside", ["payment", "notice", ZHANG, "--month", "2026-06", "--base", "6 000"], 2,
         "not an amount"),
        ("full-width price", ["settle", "{file:price-full-width}"], 2, "$.lines[0].unit_price"),
        ("price with an underscore", ["settle", "{file:price-underscore}"], 2, "$.lines[0].unit_price"),
        ("price with an exponent", ["settle", "{file:price-exponent}"], 2, "$.lines[0].unit_price"),
        ("quantity with an exponent", ["settle", "{file:quantity-exponent}"], 2, "$.lines[0].quantity"),
        ("statement amount in full-width digits", ["payment", "import", "--channel", "icbc", "{file:icbc-full-width}"],
         2, "not an amount"),
        ("statement amount with an underscore", ["payment", "import", "--channel", "icbc", "{file:icbc-underscore}"],
         2, "not an amount"),
        ("statement amount with an exponent", ["payment", "import", "--channel", "icbc", "{file:icbc-exponent}"],
         2, "not an amount"),
        ("statement fen in full-width digits", ["payment", "import", "--channel", "abc", "{file:abc-full-width}"],
         2, "positive whole number"),
    ],
    "text fields": [
        ("name with a line break", ["person", "register", "--id", NEW_ID, *PERSON[:1], "某\n人", *PERSON[2:]], 2,
         "line feed"),
        ("name with a right-to-left override", ["person", "register", "--id", NEW_ID, "--name", "某\u202e人",
                                                *PERSON[2:]], 2, "right-to-left override"),
        ("name with a zero-width space", ["person", "register", "--id", NEW_ID, "--name", "某\u200b人", *PERSON[2:]],
         2, "zero width space"),
        ("name with an escape sequence", ["person", "register", "--from-json", "{file:person-name-control}"], 2,
         "U+001B"),
        ("name of 61 characters", ["person", "register", "--id", NEW_ID, "--name", "某" * 61, *PERSON[2:]], 2, "name"),
        ("address of 40,000 characters", ["card", "apply", LI_NA, "--document", "identity-card", "--address",
                                          "深" * 40_000], 2, "at most 200"),
        ("address with a carriage return", ["card", "apply", LI_NA, "--document", "identity-card", "--address",
                                            "深圳\r2026-06-30 forged"], 2, "carriage return"),
        ("employer name with a word joiner", ["employer", "register", "--uscc", "91440300MA5G11110F", "--name",
                                              "样例\u2060公司", "--region", "440300"], 2, "word joiner"),
        ("reason with a line separator", [*REJECT, "no\u2028reason"], 2, "line separator"),
        ("filing address with a bidi embedding", ["filing", "apply", CHEN, "--category", "other-temporary", "--region",
                                                  "110100", "--address", "北京\u202b市"], 2, "embedding"),
        ("statement serial with an escape sequence", ["payment", "import", "--channel", "icbc",
                                                      "{file:icbc-escape-serial}"], 2, "escape"),
        ("search name with a null", ["institution", "search", "--name", "协和\x00"], 2, "null"),
        ("bill number with a bidi override", ["settle", "{file:bill-bidi}"], 2, "$.bill_number"),
        ("line name forging a row", ["settle", "{file:line-name-newline}"], 2, "$.lines[0].name"),
        ("line name with a zero-width space", ["settle", "{file:line-name-zero-width}"], 2, "$.lines[0].name"),
        ("bill number of 201 characters", ["settle", "{file:bill-number-long}"], 2, "at most 200"),
        ("--operator forging an audit line", ["--operator", "clerk\n2026-06-30 admin person.delete", "person", "list"],
         2, "--operator"),
        ("--operator with a bidi isolate", ["--operator", "clerk\u2066x", "person", "list"], 2, "--operator"),
        ("--operator of 65 characters", ["--operator", "c" * 65, "person", "list"], 2, "at most 64"),
        ("--operator empty", ["--operator", "", "person", "list"], 2, "--operator"),
    ],
    "raw citizen ids": [
        ("--id with a trailing newline", ["person", "register", "--id", NEW_ID + "\n", *PERSON], 2, "--id contains"),
        ("--id with a leading space", ["person", "register", "--id", " " + NEW_ID, *PERSON], 2,
         "citizen identity number"),
        ("--id with a tab", ["person", "register", "--id", NEW_ID + "\t", *PERSON], 2, "--id contains tab"),
        ("--id with a trailing space", ["person", "register", "--id", NEW_ID + " ", *PERSON], 2,
         "citizen identity number"),
        ("JSON id with a newline", ["person", "register", "--from-json", "{file:person-id-newline}"], 2,
         "citizen identity number"),
        ("bill id with a newline", ["settle", "{file:bill-id-newline}"], 2, "$.citizen_id"),
        ("bill id with a leading space", ["settle", "{file:bill-id-space}"], 2, "$.citizen_id"),
        ("show with a newline", ["person", "show", LI_NA + "\n"], 2, "contains line feed"),
        ("bank card with a newline", ["account", "activate", CHEN, "--bank-card", "6222024000123456788\n"], 2,
         "--bank-card contains line feed"),
    ],
    "bill-number conflicts": [
        ("settled bill number, other content", ["settle", "{file:settled-other-content}"], 1, "bill-number-conflict"),
        ("settled bill number, other person", ["settle", "{file:settled-other-person}"], 1, "citizen_id"),
        ("settled bill number, other certificate", ["settle", "{file:settled-other-certificate}"], 1, "certificate"),
    ],
    "CSV field limit": [
        ("ICBC field over the limit", ["payment", "import", "--channel", "icbc", "{file:icbc-huge-field}"], 2, "line 2"),
        ("WeChat Pay field over the limit", ["payment", "import", "--channel", "wechat-pay", "{file:wechat-huge-field}"],
         2, "field larger than field limit"),
        ("Alipay field over the limit", ["payment", "import", "--channel", "alipay", "{file:alipay-huge-field}"],
         2, "field larger than field limit"),
    ],
    "output files": [
        ("statement onto the database", ["settlement", "statement", "1", "-o", "{db}"], 2, "is the database"),
        ("statement onto the database, forced", ["settlement", "statement", "1", "-o", "{db}", "--force"], 2,
         "is the database"),
        ("statement onto the WAL", ["settlement", "statement", "1", "-o", "{db}-wal", "--force"], 2, "is the database"),
        ("statement onto an existing file", ["settlement", "statement", "1", "-o", "{file:existing}"], 2, "--force"),
        ("statement onto a folder", ["settlement", "statement", "1", "-o", "{tmp}"], 2, "is a directory"),
        ("filing form onto an existing file", ["filing", "form", FILING_ID, "-o", "{file:existing}"], 2, "--force"),
        ("filing form under a file", ["filing", "form", FILING_ID, "-o", "/dev/null/form.txt"], 2, "cannot be written"),
        ("backup onto the database", ["backup", "{db}"], 2, "exists"),
    ],
    "no database": [
        ("a mistyped --db", ["--db", "{tmp}/shebao-typo.db", "person", "list"], 2, "shebao init"),
        ("a mistyped --db in a missing folder", ["--db", "{tmp}/no/such/shebao.db", "settlement", "list"], 2,
         "shebao init"),
        ("--db naming a folder", ["--db", "{tmp}", "audit", "list"], 2, "directory"),
    ],
}
# fmt: on
FILES["existing"] = EXISTING
CASES = [(kind, *case) for kind, cases in CLASSES.items() for case in cases]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's people and filing chapters, and one settled bill."""
    db = settled_world(tmp_path_factory, SETTLED_BILL)
    return db


@pytest.fixture
def shebao(world: Path, tmp_path: Path) -> ShebaoCli:
    return ShebaoCli(copy_database(world, tmp_path / "shebao.db"), create=False)


def expand(argument: str, tmp_path: Path, db: Path) -> str:
    if argument.startswith("{file:"):
        name = argument[len("{file:") : -1]
        path = tmp_path / f"{name}.json"
        path.write_bytes(FILES[name])
        return str(path)
    return argument.replace("{tmp}", str(tmp_path)).replace("{db}", str(db))


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file of the folder by its SHA-256: the database, and any file a command might write."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


FULL_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{16,19})(?![0-9A-Za-z])")


@pytest.mark.parametrize(("kind", "label", "args", "status", "message"), CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_hostile_input_is_refused_cleanly(
    shebao: ShebaoCli, tmp_path: Path, kind: str, label: str, args: list[str], status: int, message: str
) -> None:
    argv = [expand(a, tmp_path, shebao.db_path) for a in args]
    for name in FILES:  # files the case reads exist before the fingerprint
        if f"{{file:{name}}}" in args:
            (tmp_path / f"{name}.json").write_bytes(FILES[name])
    before, rows = fingerprint(tmp_path), db_snapshot(shebao.target)
    result = shebao(*argv, today=BATCH_DAY)
    assert result.exit_code == status, result
    assert "Traceback" not in result.stderr
    lines = [text for text in result.stderr.splitlines() if text.strip()]
    assert len(lines) == 1, result.stderr
    assert message.lower() in lines[0].lower(), lines[0]
    assert not FULL_NUMBER.search(lines[0]), lines[0]  # errors never echo a full id or card number
    assert fingerprint(tmp_path) == before  # the database byte-identical, no file written or created
    assert db_snapshot(shebao.target) == rows


def test_every_class_has_cases_and_the_note_counts_them() -> None:
    counts = {kind: len(cases) for kind, cases in CLASSES.items()}
    assert all(count >= 1 for count in counts.values())
    assert sum(counts.values()) == len(CASES) >= 80, counts
