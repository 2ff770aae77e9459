"""Singular and plural right in the command line's counts: English says "1 line" and "2 lines";
Chinese has one form."""

import datetime as dt
import json
from pathlib import Path

import pytest
from helpers import ShebaoCli
from settlement_fakes import LI_NA
from test_settlement_cli import context, people, worked_bill

from shebao.model.payment import CollectedPayment
from shebao.money import Fen, parse_yuan, yuan
from shebao_banks.statements import icbc

CHINESE = {"SHEBAO_LANG": "zh_CN"}
__all__ = ["context", "people"]  # the settlement tests' fixtures, used here


def _statement(tmp_path: Path, lines: int) -> Path:
    """An ICBC statement of ``lines`` payments of notices nobody issued: each a problem kept."""
    payments = [
        CollectedPayment("icbc", f"SK440300202603020{n:04d}", Fen(2000), dt.datetime(2026, 3, 5, 9, 30, n), f"S{n}")
        for n in range(1, lines + 1)
    ]
    path = tmp_path / f"icbc-{lines}.csv"
    path.write_bytes(icbc.write(payments, "icbc"))
    return path


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        (1, "1 line, 0 applied (0.00 yuan), 0 refunded (0.00 yuan), 0 already imported, 1 problem kept"),
        (2, "2 lines, 0 applied (0.00 yuan), 0 refunded (0.00 yuan), 0 already imported, 2 problems kept"),
    ],
)
def test_a_statements_import(shebao: ShebaoCli, tmp_path: Path, lines: int, said: str) -> None:
    path = _statement(tmp_path, lines)
    result = shebao("payment", "import", "--channel", "icbc", str(path))
    assert f"{path.name} (icbc): {said}" in result.stdout, result.stdout + result.stderr
    chinese = shebao("payment", "import", "--channel", "icbc", str(path), env=CHINESE).stdout
    assert f"：{lines} 行，入账 0 行" in chinese and f"保留 {lines} 个问题" in chinese


@pytest.mark.parametrize(("bills", "said"), [(1, "1 bill read: 0 settled, 0 already settled, 1 refused"),
                                             (2, "2 bills read: 0 settled, 0 already settled, 2 refused")])  # fmt: skip
def test_a_batchs_summary(shebao: ShebaoCli, tmp_path: Path, bills: int, said: str) -> None:
    path = tmp_path / "bills.jsonl"
    path.write_text('{"bill_number": "broken"}\n' * bills)
    result = shebao("settle", "batch", str(path))
    assert result.exit_code == 1
    assert said in result.stdout, result.stdout + result.stderr
    assert f"读取 {bills} 张单据：结算 0 张" in shebao("settle", "batch", str(path), env=CHINESE).stdout


def test_a_cut_list_in_singular_and_plural(shebao: ShebaoCli) -> None:
    for number in ("440304198503120021", "440304199207180032", "440305198801010046"):
        shebao.ok("person", "register", number, "--name", "李娜", "--insured-region", "440300",
                  "--scheme", "employee", "--status", "employed")  # fmt: skip
    assert "1 row shown from 1" in shebao.ok("person", "list", "--limit", "1")
    assert "2 rows shown from 1" in shebao.ok("person", "list", "--limit", "2")


def test_a_cut_list_read_whole_says_of_how_many(shebao: ShebaoCli) -> None:
    for uscc, name in (("91440300MA5G11110F", "甲公司"), ("91440300MA5G222205", "乙公司"), ("91440300MA5G33330T", "丙公司")):
        shebao.ok("employer", "register", "--uscc", uscc, "--name", name, "--region", "440300")
    assert shebao.ok("employer", "list", "--limit", "1").rstrip().endswith("row 1 of 3; --offset 1 for more")
    assert shebao.ok("employer", "list", "--limit", "2").rstrip().endswith("rows 1–2 of 3; --offset 2 for more")
    assert "more" not in shebao.ok("employer", "list", "--offset", "1")
    assert "第 1–2 行，共 3 行；更多请用 --offset 2" in shebao("employer", "list", "--limit", "2", env=CHINESE).stdout


@pytest.mark.usefixtures("people", "context")
def test_a_money_list_sums_its_rows_and_says_which(shebao: ShebaoCli, tmp_path: Path) -> None:
    path = tmp_path / "bills.jsonl"
    path.write_text("".join(json.dumps(worked_bill(f"SH-P-{n}"), ensure_ascii=False) + "\n" for n in range(3)))
    shebao.ok("settle", "batch", str(path), today="2026-05-20")
    found = json.loads(shebao.ok("settlement", "list", LI_NA, "--json"))["items"]
    assert len(found) == 3
    whole = shebao.ok("settlement", "list", LI_NA)
    total = yuan(sum(parse_yuan(s["total"]) for s in found))
    assert f"in all: total {total}, fund" in whole and "more" not in whole
    cut = shebao.ok("settlement", "list", LI_NA, "--limit", "2")
    two = yuan(sum(parse_yuan(s["total"]) for s in found[:2]))
    assert f"the 2 rows shown: total {two}, fund" in cut and "2 rows shown from 1; more with --offset 2" in cut
