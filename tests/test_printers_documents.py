"""The docx and html printers: any document kind laid out, Chinese text intact, read back."""

import datetime as dt
import io
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from cardflow import CHEN_NOTICE, journey_start
from helpers import ShebaoCli

from shebao import plugins
from shebao.documents import Document, DocumentKind, Field, Section, Table


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.text.append(data.strip())


def _html(content: bytes) -> _Text:
    parser = _Text()
    parser.feed(content.decode("utf-8"))
    return parser


def test_registration_form_docx_reads_back(shebao: ShebaoCli, tmp_path: Path) -> None:
    apps = journey_start(shebao)
    out = tmp_path / "form.docx"
    shebao.ok("card", "form", apps["chen"], "--format", "docx", "-o", str(out))
    text = _docx_text(out.read_bytes())
    for expected in (
        "社会保障卡申领登记表",
        "陈建",
        "440300195505050056",
        "公安部门照片（已存档）",
        "申领人（代办人）签名",
        CHEN_NOTICE,
    ):
        assert expected in text


def test_payment_notice_html_has_amount_in_figures_and_capitals(shebao: ShebaoCli, tmp_path: Path) -> None:
    apps = journey_start(shebao)
    out = tmp_path / "notice.html"
    shebao.ok("card", "notice", apps["chen"], "--format", "html", "-o", str(out))
    parsed = _html(out.read_bytes())
    text = "\n".join(parsed.text)
    for expected in (
        "非税收入缴款通知书",
        "¥20.00",
        "贰拾元整",
        "中国工商银行",
        "中国农业银行",
        "中国建设银行",
        CHEN_NOTICE,
        "社会保障卡工本费",
    ):
        assert expected in text
    assert "4403**********0056" in text  # the payer's id is masked on the notice
    assert parsed.tags.count("table") == 3  # payment details, item, collecting banks
    assert parsed.tags.count("img") == 2  # a QR code for WeChat Pay and one for Alipay
    assert b'<meta charset="utf-8">' in out.read_bytes() and b"@page" in out.read_bytes()


def test_any_document_kind_prints_in_every_format() -> None:
    statement = Document(
        kind=DocumentKind.SETTLEMENT_STATEMENT,
        title="医疗费用结算单",
        number="JS0001",
        issued_on=dt.date(2026, 4, 1),
        issuer="样例医院",
        sections=(
            Section("结算", (Field("总费用", "20000.00"), Field("统筹基金支付", "14025.00"), Field("个人负担", "5975.00"))),
            Section(
                "明细", table=Table(("项目", "类别", "金额"), (("<b>药品</b>", "乙", "5000.00"), ("检查", "甲", "13000.00")))
            ),
        ),
        signatures=("患者签名",),
        notes=("样例",),
    )
    for format_ in ("docx", "html", "text"):  # pdf: tests/test_printers_forms.py
        content, _ = plugins.render(statement, format_)
        text = _docx_text(content) if format_ == "docx" else content.decode("utf-8")
        assert "医疗费用结算单" in text and "14025.00" in text and "13000.00" in text
    html_bytes, _ = plugins.render(statement, "html")
    assert b"&lt;b&gt;" in html_bytes  # values are escaped


def test_unknown_format_is_refused_with_the_known_ones(shebao: ShebaoCli, tmp_path: Path) -> None:
    apps = journey_start(shebao)
    result = shebao("card", "form", apps["chen"], "--format", "xml", "-o", str(tmp_path / "x.xml"))
    assert result.exit_code == 2 and "'docx', 'html', 'pdf', 'text'" in result.stderr
    listed = json.loads(shebao.ok("plugins", "--json"))
    assert {"docx", "html", "pdf", "text"} <= {f["name"] for f in listed["formats"]}
    binary = shebao("card", "form", apps["chen"], "--format", "docx")
    assert binary.exit_code == 2 and "-o FILE" in binary.stderr


def test_financial_receipt_after_payment(shebao: ShebaoCli) -> None:
    apps = journey_start(shebao)
    unpaid = shebao("payment", "receipt", CHEN_NOTICE)
    assert unpaid.exit_code == 1 and "notice-paid" in unpaid.stderr
    shebao.ok("card", "pay", apps["chen"], "--channel", "abc", "--receipt", "ABC-77", today="2026-03-03")
    text = shebao.ok("payment", "receipt", CHEN_NOTICE)
    assert "ABC-77" in text and "中国农业银行（柜面）" in text and "贰拾元整" in text


@pytest.mark.office
def test_docx_converts_in_libreoffice_with_its_chinese_text(shebao: ShebaoCli, tmp_path: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed: soffice is not on PATH (.ci/run installs libreoffice-writer-nogui)")
    apps = journey_start(shebao)
    out = tmp_path / "notice.docx"
    shebao.ok("card", "notice", apps["chen"], "--format", "docx", "-o", str(out))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = subprocess.run(["pdftotext", str(tmp_path / "notice.pdf"), "-"], check=True, capture_output=True, text=True).stdout
    for expected in ("非税收入缴款通知书", "贰拾元整", "中国工商银行", CHEN_NOTICE):
        assert expected in text
