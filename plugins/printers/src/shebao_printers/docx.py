"""Word (.docx): any document laid out on A4 for printing elsewhere (python-docx).

Title centred; each section a bordered grid of labelled fields, two to a row (a long
value takes the whole row), with a box for a photograph beside them where the section asks
for one; tables whose shaded header row is repeated on every page; QR codes (segno);
signature lines; notes; a tear-off stub below a cut line; page numbers in the footer.
Every run is set in SimSun (宋体), digits and Latin letters too, which Word has on Chinese
Windows and LibreOffice substitutes with an installed CJK font (e.g. Noto Serif CJK). The
file's properties name shebao and the document, not python-docx's template.
"""

import datetime as dt
import io
from collections.abc import Sequence
from importlib.metadata import version

from docx import Document as new_docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt

from shebao.documents import Document, DocumentFormat, Field, QrCode, Section, Table
from shebao.i18n import N_
from shebao_printers.layout import display_width, field_rows, is_figure, qr_code
from shebao_printers.printer import own_format

FORMAT = DocumentFormat(
    name="docx",
    media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extension="docx",
    description=N_("Word document (A4), opens in Word and LibreOffice"),
)
CJK_FONT = "SimSun"  # for every script: a form's digits in the same type as its Chinese
LABEL_SHADE = "EDEDED"
PAGE_TEXT_CM = 17.0  # A4 less 2 cm margins
HALF_WIDTH_CM = 0.19  # one half-width character at 10.5 pt (a Chinese character takes two)
CELL_PADDING_CM = 0.4  # left and right cell margins of the grid style
MIN_LABEL_CM, MAX_LABEL_CM = 2.6, 5.0
MIN_WRAPPED_CM = 2.0  # narrowest a column of Chinese text is made to wrap into
PHOTO_CM = 2.8  # the photo box's column: a one-inch photograph (2.5 × 3.5 cm) with a margin
PHOTO_HEIGHT_CM = 4.0
QR_CM = 3.2
CHINA = dt.timezone(dt.timedelta(hours=8))


def _fonts(element: object, size: float | None = None, bold: bool | None = None) -> None:
    """Declare the CJK font for every script of a run or style (python-docx sets only the
    Latin one, so digits would fall back to Times New Roman)."""
    font = element.font  # type: ignore[attr-defined]
    font.name = CJK_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    r_pr = element.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = r_pr.get_or_add_rFonts()
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), CJK_FONT)
    fonts.set(qn("w:hint"), "eastAsia")


def _chinese(style: object) -> None:
    """Text is Simplified Chinese: office suites pick the SC forms of a substituted CJK font."""
    r_pr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "zh-CN")
    language.set(qn("w:eastAsia"), "zh-CN")
    r_pr.append(language)


def _shade(cell: object, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def _write(cell: object, text: str, bold: bool = False, size: float = 10.5, figure: bool = False) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.paragraph_format.space_after = Pt(0)
    if figure:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _fonts(paragraph.add_run(text), size=size, bold=bold)


def _widths(table: object, widths: Sequence[Length]) -> None:
    """Fix column widths in the grid and in every cell (LibreOffice reads the grid, Word the cells)."""
    table.autofit = False  # type: ignore[attr-defined]
    for column, width in zip(table.columns, widths, strict=True):  # type: ignore[attr-defined]
        column.width = width
    for row in table.rows:  # type: ignore[attr-defined]
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _fields_table(doc: object, fields: tuple[Field, ...], photo: str | None = None) -> None:
    # label columns as wide as the widest label needs (within bounds), values share the rest
    widest = max(display_width(field.label) for field in fields)
    label_cm = min(max(MIN_LABEL_CM, widest * HALF_WIDTH_CM + CELL_PADDING_CM), MAX_LABEL_CM)
    text_cm = PAGE_TEXT_CM - (PHOTO_CM if photo else 0)
    value_cm = (text_cm - 2 * label_cm) / 2
    # with a margin, as for data tables: substituted fonts run wider
    rows = field_rows(fields, long_value=int((value_cm - CELL_PADDING_CM) / (HALF_WIDTH_CM * 1.2)))
    table = doc.add_table(rows=len(rows), cols=5 if photo else 4)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [Cm(label_cm), Cm(value_cm), Cm(label_cm), Cm(value_cm)] + ([Cm(PHOTO_CM)] if photo else []))
    if photo:
        _photo_box(table, photo, len(rows))
    for row, pair in zip(table.rows, rows, strict=True):
        first = pair[0]
        _write(row.cells[0], first.label, bold=True)
        _shade(row.cells[0], LABEL_SHADE)
        if len(pair) == 1:  # one field: its value spans the row
            _write(row.cells[1].merge(row.cells[3]), first.value)
            continue
        _write(row.cells[1], first.value)
        _write(row.cells[2], pair[1].label, bold=True)
        _shade(row.cells[2], LABEL_SHADE)
        _write(row.cells[3], pair[1].value)


def _photo_box(table: object, caption: str, rows: int) -> None:
    """The last column merged down the rows, tall enough for a one-inch photograph."""
    column = [row.cells[4] for row in table.rows]  # type: ignore[attr-defined]
    box = column[0].merge(column[-1]) if rows > 1 else column[0]
    box.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = box.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(paragraph.add_run(caption), size=9)
    per_row = Cm(PHOTO_HEIGHT_CM / rows)
    for row in table.rows:  # type: ignore[attr-defined]
        if row.height is None or row.height < per_row:
            row.height = per_row


def _repeat_as_header(row: object) -> None:
    """Word and LibreOffice print this row again at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _keep_whole(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    tr_pr.append(OxmlElement("w:cantSplit"))


def _column_widths(data: Table, size: float) -> list[float]:
    """Each column as wide as its widest value (headings may wrap); when the page is too narrow
    the widest columns (names, codes) are capped and wrap, so figures stay on one line."""
    char_cm = HALF_WIDTH_CM * size / 10.5 * 1.2  # with a margin: substituted fonts run wider
    needed = [
        max([min(display_width(column), 6)] + [display_width(row[i]) for row in data.rows]) * char_cm + CELL_PADDING_CM
        for i, column in enumerate(data.columns)
    ]
    if sum(needed) <= PAGE_TEXT_CM:
        return [width * PAGE_TEXT_CM / sum(needed) for width in needed]
    # Chinese text (names) wraps first, so codes and figures stay on one line where they fit
    chinese = [
        any(display_width(row[i]) > max(len(row[i]), 4) for row in data.rows) for i in range(len(data.columns))
    ]  # a column of 甲/乙/丙 is too narrow to wrap
    return _chinese_wrapped(needed, chinese) or _capped(needed)


def _chinese_wrapped(needed: list[float], chinese: list[bool]) -> list[float] | None:
    """The Chinese columns share what the others leave, if it is enough for them to wrap in."""
    room = PAGE_TEXT_CM - sum(width for width, wraps in zip(needed, chinese, strict=True) if not wraps)
    if any(chinese) and room >= MIN_WRAPPED_CM * sum(chinese):
        wrapped = sum(width for width, wraps in zip(needed, chinese, strict=True) if wraps)
        return [width * room / wrapped if wraps else width for width, wraps in zip(needed, chinese, strict=True)]
    return None


def _capped(needed: list[float]) -> list[float]:
    """The cap at which the columns wider than it, capped, fill what the narrower ones leave."""
    kept = 0.0
    for count, width in enumerate(sorted(needed)):
        cap = (PAGE_TEXT_CM - kept) / (len(needed) - count)
        if width >= cap:
            break
        kept += width
    return [min(width, cap) for width in needed]


def _data_table(doc: object, data: Table) -> None:
    body = data.rows + ((data.total,) if data.total else ())
    table = doc.add_table(rows=1 + len(body), cols=len(data.columns))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # wide tables (a settlement's lines) get a smaller type so figures stay on one line
    size = 10.5 if len(data.columns) <= 6 else 8
    _widths(table, [Cm(width) for width in _column_widths(Table(data.columns, body), size)])
    _repeat_as_header(table.rows[0])
    for cell, column in zip(table.rows[0].cells, data.columns, strict=True):
        _write(cell, column, bold=True, size=size)
        _shade(cell, LABEL_SHADE)
    for number, (row, values) in enumerate(zip(table.rows[1:], body, strict=True), start=1):
        _keep_whole(row)
        is_total = data.total is not None and number == len(body)
        for cell, value in zip(row.cells, values, strict=True):
            _write(cell, value, size=size, bold=is_total, figure=is_figure(value))


def _qr_codes(doc: object, codes: tuple[QrCode, ...]) -> None:
    """The codes side by side, each with its caption below."""
    table = doc.add_table(rows=2, cols=len(codes))  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [Cm(QR_CM + 1)] * len(codes))
    for picture, caption, code in zip(table.rows[0].cells, table.rows[1].cells, codes, strict=True):
        image = io.BytesIO()
        qr_code(code.payload).save(image, kind="png", scale=8, border=2)
        picture.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraphs[0].add_run().add_picture(io.BytesIO(image.getvalue()), width=Cm(QR_CM))
        caption.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fonts(caption.paragraphs[0].add_run(code.caption), size=9)


def _field_code(paragraph: object, instruction: str) -> None:
    """A field Word and LibreOffice compute when printing (PAGE, NUMPAGES)."""
    run = paragraph.add_run()  # type: ignore[attr-defined]
    _fonts(run, size=9)
    begin, text, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, end):
        run._r.append(element)


def _page_numbers(section: object) -> None:
    footer = section.footer.paragraphs[0]  # type: ignore[attr-defined]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, field in (("第 ", "PAGE"), (" 页　共 ", "NUMPAGES")):
        _fonts(footer.add_run(text), size=9)
        _field_code(footer, field)
    _fonts(footer.add_run(" 页"), size=9)


def _properties(doc: object, document: Document) -> None:
    """The file's own properties: what it is, who made it, when; not the template's."""
    made = dt.datetime.combine(document.issued_on, dt.time(), CHINA)
    properties = doc.core_properties  # type: ignore[attr-defined]
    properties.title = document.title
    properties.subject = document.title
    properties.identifier = document.number
    properties.keywords = document.number
    properties.category = document.kind.value
    properties.author = properties.last_modified_by = document.issuer
    properties.comments = f"shebao {version('shebao-printers')}"
    properties.language = "zh-CN"
    properties.created = properties.modified = made
    properties.revision = 1
    package = doc.part.package  # type: ignore[attr-defined]
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = _APP_PROPERTIES.encode()
        elif rel.reltype.endswith("/thumbnail"):  # the template's picture of an empty page
            package.rels.pop(rel_id)
    for rel in doc.part.rels.values():  # type: ignore[attr-defined]
        if rel.reltype.endswith("/fontTable"):
            rel.target_part._blob = _FONT_TABLE.encode()


# SimSun described as Word describes it (GB 2312 charset, its panose), so an office suite
# without it substitutes a Chinese serif font for every character, digits included
_FONT_TABLE = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    f'<w:font w:name="{CJK_FONT}"><w:altName w:val="宋体"/><w:panose1 w:val="02010600030101010101"/>'
    '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>'
    '<w:sig w:usb0="00000003" w:usb1="288F0000" w:usb2="00000016" w:usb3="00000000" w:csb0="00040001" w:csb1="00000000"/>'
    "</w:font></w:fonts>"
)

_APP_PROPERTIES = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>shebao</Application></Properties>"
)


def _body(doc: object, document: Document, title_size: float, gap: float = 1.0) -> None:
    """The document's parts in order; ``gap`` scales the space between them (a stub is tighter)."""
    title = doc.add_paragraph()  # type: ignore[attr-defined]
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(title.add_run(document.title), size=title_size, bold=True)
    meta = doc.add_paragraph()  # type: ignore[attr-defined]
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(meta.add_run(f"编号：{document.number}　　　日期：{document.issued_on.isoformat()}"), size=10)
    for part in document.sections:
        _section(doc, part, gap)
    if document.signatures:
        for number, label in enumerate(document.signatures):
            line = doc.add_paragraph()  # type: ignore[attr-defined]
            line.paragraph_format.space_before = Pt((18 if number == 0 else 10) * gap)
            _fonts(line.add_run(f"{label}：______________________　　日期：________年____月____日"), size=10.5)
    for note in document.notes:
        paragraph = doc.add_paragraph()  # type: ignore[attr-defined]
        paragraph.paragraph_format.space_after = Pt(0)
        _fonts(paragraph.add_run(f"注：{note}"), size=9)
    issuer = doc.add_paragraph()  # type: ignore[attr-defined]
    issuer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    issuer.paragraph_format.space_before = Pt(14 * gap)
    _fonts(issuer.add_run(document.issuer), size=11, bold=True)


def _section(doc: object, part: Section, gap: float) -> None:
    heading = doc.add_paragraph()  # type: ignore[attr-defined]
    heading.paragraph_format.space_before = Pt(10 * gap)
    heading.paragraph_format.space_after = Pt(4)
    heading.paragraph_format.keep_with_next = True
    _fonts(heading.add_run(part.heading), size=12, bold=True)
    if part.fields:
        _fields_table(doc, part.fields, part.photo)
    if part.table is not None:
        if part.fields:
            doc.add_paragraph()  # type: ignore[attr-defined]
        _data_table(doc, part.table)
    if part.codes:
        doc.add_paragraph()  # type: ignore[attr-defined]
        _qr_codes(doc, part.codes)


def render(document: Document) -> bytes:
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(1.6)
    section.footer_distance = Cm(0.8)
    normal = doc.styles["Normal"]
    _fonts(normal, size=10.5)
    _chinese(normal)
    normal.paragraph_format.line_spacing = 1.1  # the template's 1.15 and 10 pt after each paragraph
    normal.paragraph_format.space_after = Pt(2)
    _properties(doc, document)
    _page_numbers(section)
    _body(doc, document, title_size=18)
    if document.stub is not None:
        cut = doc.add_paragraph()
        cut.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cut.paragraph_format.space_before = Pt(10)
        cut.paragraph_format.keep_with_next = True
        _fonts(cut.add_run("－ " * 16 + "沿此线剪下" + " －" * 16), size=9)
        _body(doc, document.stub, title_size=14, gap=0.5)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


shebao_document_formats, shebao_render_document = own_format(FORMAT, render)
