"""The personal rights record (个人权益记录) of a year, through every printer plugin."""

import io
import json
from pathlib import Path

import docx
import pytest
from helpers import ShebaoCli

pytestmark = pytest.mark.usefixtures("engine")  # on SQLite and on PostgreSQL

ZHANG = "440305198801010046"
RESIDENT = "440304198503120021"


def prepare(shebao: ShebaoCli) -> None:
    shebao.ok(
        "person", "register", "--id", ZHANG, "--name", "张敏", "--insured-region", "440300",
        "--scheme", "employee", "--status", "flexible", today="2025-11-02",
    )  # fmt: skip
    for month, day in (
        ("2025-11", "2025-11-20"),
        ("2025-12", "2025-12-20"),
        ("2026-01", "2026-01-20"),
        ("2026-02", "2026-02-20"),
    ):
        shebao.ok("contribution", "pay", ZHANG, "--month", month, "--base", "6000", "--channel", "alipay", today=day)
    shebao.ok("person", "stop", ZHANG, "--on", "2026-03-01", "--reason", "went abroad", today="2026-03-01")


def test_text_record_gives_periods_months_parts_and_the_account_of_the_year(shebao: ShebaoCli) -> None:
    prepare(shebao)
    text = shebao.ok("person", "rights", ZHANG, "--year", "2026", today="2026-03-05")
    assert "2026年度个人权益记录" in text and "4403**********0046" in text and ZHANG not in text
    assert "440300 深圳市 职工基本医疗保险 2025-11-02 至 2026-02-28" in text
    assert "2026-01 | 6000.00 | 0.00 | 600.00 | 120.00" in text and "2025-12 |" not in text
    assert "合计 |  | 0.00 | 1200.00 | 240.00 | 2个月" in text
    assert "年初余额：¥240.00" in text and "年末余额：¥480.00" in text
    last_year = shebao.ok("person", "rights", ZHANG, "--year", "2025", today="2026-03-05")
    assert "年初余额：¥0.00" in last_year and "年末余额：¥240.00" in last_year
    future = shebao("person", "rights", ZHANG, "--year", "2027", today="2026-03-05")
    assert future.exit_code == 1 and "no-future-year" in future.stderr


@pytest.mark.parametrize("format_", ["html", "docx"])
def test_html_and_docx_records(shebao: ShebaoCli, tmp_path: Path, format_: str) -> None:
    prepare(shebao)
    out = tmp_path / f"rights.{format_}"
    shebao.ok("person", "rights", ZHANG, "--year", "2026", "--format", format_, "-o", str(out), today="2026-03-05")
    if format_ == "html":
        content = out.read_text(encoding="utf-8")
    else:
        document = docx.Document(io.BytesIO(out.read_bytes()))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        content = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "2026年度个人权益记录" in content and "划入个人账户" in content and "2026-02" in content


def test_a_resident_record_gives_the_year_premium(shebao: ShebaoCli) -> None:
    shebao.ok(
        "person", "register", "--id", RESIDENT, "--name", "李娜", "--insured-region", "420102",
        "--scheme", "resident", "--status", "unemployed", today="2026-01-05",
    )  # fmt: skip
    unpaid = shebao.ok("person", "rights", RESIDENT, "--year", "2026", today="2026-03-05")
    assert "未缴费" in unpaid and "420100 武汉市" in unpaid and "【个人账户】" not in unpaid
    shebao.ok("contribution", "resident", RESIDENT, "--year", "2026", "--amount", "380", "--receipt", "SW7", today="2026-03-05")
    paid = shebao.ok("person", "rights", RESIDENT, "--year", "2026", today="2026-03-05")
    assert "未缴费" not in paid and "¥380.00" in paid and "SW7" in paid
    shown = json.loads(shebao.ok("person", "history", RESIDENT, "--json", today="2026-03-05"))
    assert shown["periods"][0]["insured_region"] == "420100"
