"""The forms handed over at the counter, printed from the demo's world in every format:
what each must carry, in Chinese only; the format taken from -o's extension; Word's own
properties, fonts, page numbers and repeated header rows; long tables over several PDF pages."""

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from helpers import ShebaoCli

from shebao import plugins
from shebao.documents import Document, DocumentKind, Field, Section, Table

APPLICATION = "SQ202603120001"  # the demo's card application (cli/src/shebao_cli/demo)
FEE_NOTICE = "SK4403002026031200012"
FILING = "YD202604010001"
FORMATS = ("docx", "html", "text", "pdf")
EXTENSIONS = {"docx": "docx", "html": "html", "text": "txt", "pdf": "pdf"}

# form: (command printing it, --today, what it must carry)
FORMS: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {
    "registration-form": (
        ("card", "form", APPLICATION),
        "2026-03-12",
        ("社会保障卡申领登记表", "民族", "汉族", "国籍", "中国", "单位名称", "贴照片处", "代办人姓名", "代办人证件号码",
         "领卡银行", "☑中国工商银行", "□中国农业银行", "社会保障卡申领回执", "沿此线剪下", "缴费成功后 20 个工作日内"),
    ),
    "payment-notice": (
        ("card", "notice", APPLICATION),
        "2026-03-12",
        ("非税收入缴款通知书", "缴款码", "1440 3002 0260 3120 0012", "缴款期限", "2026-04-11", "执收单位编码", "000000001",
         "项目编码", "103040199001", "合计", "贰拾元整", "中国建设银行", "扫码缴款", "微信支付", "支付宝"),
    ),
    "receipt": (
        ("payment", "receipt", FEE_NOTICE),
        "2026-03-16",
        ("非税收入一般缴款书（收据）", "票据代码", "44012603", "票据号码", "1031200001", "收费项目", "社会保障卡工本费",
         "合计", "贰拾元整", "中国工商银行（柜面）"),
    ),
    "filing": (
        ("filing", "form", FILING),
        "2026-04-03",
        ("跨省异地就医备案表", "联系电话", "139****9000", "证件类型", "居民身份证", "备案渠道", "经办机构窗口", "深圳市",
         "上海市"),
    ),
    "statement": (
        ("settlement", "statement", "1"),
        "2026-05-20",
        ("医疗保障基金结算单", "参保地", "深圳市", "就医地", "上海市", "诊断", "冠状动脉粥样硬化性心脏病", "住院号",
         "2026051100137", "住院 9 天", "费用分类汇总", "甲类", "乙类", "丙类", "合计", "5993.79", "政策依据"),
    ),
}  # fmt: skip


class _Text(HTMLParser):
    """The text a browser shows: no tags, attributes, style sheet or data URIs."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style and data.strip():
            self.parts.append(data.strip())


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _pdf_pages(content: bytes, tmp_path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed: pdftotext is not on PATH (.ci/run installs it)")
    path = tmp_path / "read.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def _text(format_: str, content: bytes, tmp_path: Path) -> str:
    if format_ == "docx":
        return _docx_text(content)
    if format_ == "pdf":
        return "\n".join(_pdf_pages(content, tmp_path))
    if format_ == "html":
        parser = _Text()
        parser.feed(content.decode("utf-8"))
        return "\n".join(parser.parts)
    return content.decode("utf-8")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ShebaoCli]:
    """The demo's world: a card applied for and paid, a filing approved, a bill settled."""
    out = tmp_path_factory.mktemp("demo")
    ShebaoCli(out / "unused.db").ok("demo", "--out", str(out))
    yield ShebaoCli(out / "demo.db")


@pytest.fixture(scope="module")
def printed(demo: ShebaoCli, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], bytes]:
    """Every form in every format, each format chosen by -o's extension alone."""
    folder = tmp_path_factory.mktemp("forms")
    found = {}
    for form, (command, today, _) in FORMS.items():
        for format_ in FORMATS:
            out = folder / f"{form}.{EXTENSIONS[format_]}"
            demo.ok(*command, "-o", str(out), today=today)
            found[form, format_] = out.read_bytes()
    return found


@pytest.mark.parametrize("format_", FORMATS)
@pytest.mark.parametrize("form", FORMS)
def test_each_form_carries_what_the_counter_needs(
    printed: dict[tuple[str, str], bytes], form: str, format_: str, tmp_path: Path
) -> None:
    text = _text(format_, printed[form, format_], tmp_path)
    if format_ == "pdf":  # pdftotext spreads a table's cells with spaces; compare without them
        text = text.replace(" ", "")
        missing = [item for item in FORMS[form][2] if item.replace(" ", "") not in text]
    else:
        missing = [item for item in FORMS[form][2] if item not in text]
    assert not missing


@pytest.mark.parametrize("format_", FORMATS)
@pytest.mark.parametrize("form", FORMS)
def test_no_latin_words_on_a_chinese_form(printed: dict[tuple[str, str], bytes], form: str, format_: str, tmp_path: Path) -> None:
    """Codes and numbers may hold Latin letters (H310100S0001, SK440300...); words may not."""
    text = _text(format_, printed[form, format_], tmp_path)
    words = [token for token in re.findall(r"[0-9A-Za-z.*_-]+", text) if re.search(r"[A-Za-z]", token)]
    assert [word for word in words if not re.search(r"[0-9]", word)] == []


def test_the_file_extension_chooses_the_format(printed: dict[tuple[str, str], bytes]) -> None:
    assert printed["statement", "docx"][:2] == b"PK"
    assert printed["statement", "pdf"][:5] == b"%PDF-"
    assert printed["statement", "html"].startswith(b"<!DOCTYPE html>")
    assert printed["statement", "text"].startswith("医疗保障基金结算单".encode())


def test_a_format_the_extension_contradicts_is_refused(demo: ShebaoCli, tmp_path: Path) -> None:
    out = tmp_path / "form.docx"
    refused = demo("card", "form", APPLICATION, "--format", "html", "-o", str(out))
    assert refused.exit_code == 2 and ".html" in refused.stderr and not out.exists()
    unknown = demo("card", "form", APPLICATION, "-o", str(tmp_path / "form.odt"))
    assert unknown.exit_code == 2 and "--format" in unknown.stderr and not (tmp_path / "form.odt").exists()
    before = demo.ok("payment", "list", "--json")
    notice = demo("payment", "notice", "440305198801010046", "--month", "2026-04", "--base", "6000.00",
                  "--format", "text", "-o", str(tmp_path / "notice.pdf"))  # fmt: skip
    assert notice.exit_code == 2 and demo.ok("payment", "list", "--json") == before  # refused before issuing


def test_help_and_completion_list_the_installed_formats_and_channels(demo: ShebaoCli) -> None:
    assert "[docx|html|pdf|text]" in demo.ok("settlement", "statement", "--help")
    assert "[abc|alipay|ccb|icbc|wechat-pay]" in demo.ok("card", "pay", "--help")
    wrong = demo("card", "pay", APPLICATION, "--channel", "paypal", "--receipt", "X1")
    assert wrong.exit_code == 2 and "'icbc'" in wrong.stderr


def test_word_properties_name_the_document_and_shebao(printed: dict[tuple[str, str], bytes]) -> None:
    content = printed["payment-notice", "docx"]
    properties = docx.Document(io.BytesIO(content)).core_properties
    assert properties.title == "非税收入缴款通知书" and properties.identifier == "SK4403002026031200012"
    assert properties.author == "社会保险经办机构(样例)" and "shebao" in properties.comments
    assert properties.created is not None and properties.created.date() == dt.date(2026, 3, 12)
    assert properties.language == "zh-CN"
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert b"<Application>shebao</Application>" in package.read("docProps/app.xml")
        assert not [name for name in package.namelist() if "thumbnail" in name]


def test_word_sets_digits_in_the_cjk_font_and_numbers_its_pages(printed: dict[tuple[str, str], bytes]) -> None:
    document = docx.Document(io.BytesIO(printed["statement", "docx"]))
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert {fonts.get(qn(f"w:{script}")) for script in ("ascii", "hAnsi", "eastAsia")} == {"SimSun"}
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_word_repeats_every_data_tables_header_row(printed: dict[tuple[str, str], bytes]) -> None:
    document = docx.Document(io.BytesIO(printed["statement", "docx"]))
    headed = [
        t for t in document.tables if t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    ]
    assert [t.rows[0].cells[1].text for t in headed] == ["金额", "名称"]  # the summary and the lines


def _long_statement(lines: int) -> Document:
    rows = tuple((f"00110200001{n:04d}", f"项目{n}", "甲", "90.00", "1", "90.00") for n in range(lines))
    return Document(
        kind=DocumentKind.SETTLEMENT_STATEMENT,
        title="医疗保障基金结算单",
        number="JS0000000099",
        issued_on=dt.date(2026, 5, 20),
        issuer="样例医院",
        sections=(
            Section("参保人信息", (Field("姓名", "陈建"),)),
            Section("费用明细", table=Table(("编码", "名称", "类别", "单价", "数量", "金额"), rows)),
        ),
    )


def test_a_long_table_runs_over_pdf_pages_each_with_its_header(tmp_path: Path) -> None:
    pages = _pdf_pages(plugins.render(_long_statement(150), "pdf")[0], tmp_path)
    assert len(pages) >= 3
    assert all(re.search(r"编码\s+名称\s+类别", page) for page in pages)
    assert "001102000010000" in pages[0]  # the table starts on page one, not after an empty page
    assert all(re.search(rf"第\s*{n}\s*页\s*共\s*{len(pages)}\s*页", page) for n, page in enumerate(pages, start=1))


@pytest.mark.office
def test_word_repeats_the_header_on_every_page_in_libreoffice(tmp_path: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed: soffice is not on PATH (.ci/run installs libreoffice-writer-nogui)")
    source = tmp_path / "long.docx"
    source.write_bytes(plugins.render(_long_statement(150), "docx")[0])
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    pages = _pdf_pages((tmp_path / "long.pdf").read_bytes(), tmp_path)
    assert len(pages) >= 3 and all(re.search(r"编码\s+名称\s+类别", page) for page in pages)
    assert all(re.search(rf"第\s*{n}\s*页\s*共\s*{len(pages)}\s*页", page) for n, page in enumerate(pages, start=1))
