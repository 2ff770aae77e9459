"""Word (.docx): any document laid out on A4 for printing elsewhere (python-docx).

Title centred; each section a bordered grid of labelled fields, two to a row (a long
value takes the whole row), or a table with a shaded header row; signature lines; notes.
Chinese text uses SimSun (宋体) as the East Asian font, which Word has on Chinese Windows
and LibreOffice substitutes with an installed CJK font (e.g. Noto Serif CJK).
"""

import io

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt

from shebao.documents import Document, DocumentFormat, Field, Table
from shebao_printers.layout import display_width, field_rows
from shebao_printers.printer import own_format

FORMAT = DocumentFormat(
    name="docx",
    media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extension="docx",
    description="Word document (A4), opens in Word and LibreOffice",
)
LATIN_FONT = "Times New Roman"
EAST_ASIAN_FONT = "SimSun"
LABEL_SHADE = "EDEDED"
PAGE_TEXT_CM = 17.0  # A4 less 2 cm margins
HALF_WIDTH_CM = 0.19  # one half-width character at 10.5 pt (a Chinese character takes two)
CELL_PADDING_CM = 0.4  # left and right cell margins of the grid style
MIN_LABEL_CM, MAX_LABEL_CM = 2.6, 5.0


def _fonts(element: object, size: float | None = None, bold: bool | None = None) -> None:
    """Set Latin and East Asian fonts on a run or style (python-docx sets only Latin)."""
    font = element.font  # type: ignore[attr-defined]
    font.name = LATIN_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    r_pr = element.element.get_or_add_rPr()  # type: ignore[attr-defined]
    r_pr.get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def _shade(cell: object, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def _write(cell: object, text: str, bold: bool = False, size: float = 10.5) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.paragraph_format.space_after = Pt(0)
    _fonts(paragraph.add_run(text), size=size, bold=bold)


def _widths(table: object, widths: list[Length]) -> None:
    """Fix column widths in the grid and in every cell (LibreOffice reads the grid, Word the cells)."""
    table.autofit = False  # type: ignore[attr-defined]
    for column, width in zip(table.columns, widths, strict=True):  # type: ignore[attr-defined]
        column.width = width
    for row in table.rows:  # type: ignore[attr-defined]
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _fields_table(doc: object, fields: tuple[Field, ...]) -> None:
    # label columns as wide as the widest label needs (within bounds), values share the rest
    widest = max(display_width(field.label) for field in fields)
    label_cm = min(max(MIN_LABEL_CM, widest * HALF_WIDTH_CM + CELL_PADDING_CM), MAX_LABEL_CM)
    value_cm = (PAGE_TEXT_CM - 2 * label_cm) / 2
    rows = field_rows(fields, long_value=int((value_cm - CELL_PADDING_CM) / HALF_WIDTH_CM))
    table = doc.add_table(rows=len(rows), cols=4)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [Cm(label_cm), Cm(value_cm), Cm(label_cm), Cm(value_cm)])
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
    # the cap at which the columns wider than it, capped, fill what the narrower ones leave
    kept = 0.0
    for count, width in enumerate(sorted(needed)):
        cap = (PAGE_TEXT_CM - kept) / (len(needed) - count)
        if width >= cap:
            break
        kept += width
    return [min(width, cap) for width in needed]


def _data_table(doc: object, data: Table) -> None:
    table = doc.add_table(rows=1 + len(data.rows), cols=len(data.columns))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # wide tables (a settlement's lines) get a smaller type so figures stay on one line
    size = 10.5 if len(data.columns) <= 6 else 8
    _widths(table, [Cm(width) for width in _column_widths(data, size)])
    for cell, column in zip(table.rows[0].cells, data.columns, strict=True):
        _write(cell, column, bold=True, size=size)
        _shade(cell, LABEL_SHADE)
    for row, values in zip(table.rows[1:], data.rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            _write(cell, value, size=size)


def render(document: Document) -> bytes:
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    _fonts(doc.styles["Normal"], size=10.5)
    doc.core_properties.title = document.title
    doc.core_properties.subject = document.number

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(title.add_run(document.title), size=18, bold=True)
    meta = doc.add_paragraph()
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(meta.add_run(f"编号：{document.number}　　　日期：{document.issued_on.isoformat()}"), size=10)

    for part in document.sections:
        heading = doc.add_paragraph()
        heading.paragraph_format.space_before = Pt(10)
        heading.paragraph_format.space_after = Pt(4)
        _fonts(heading.add_run(part.heading), size=12, bold=True)
        if part.fields:
            _fields_table(doc, part.fields)
        if part.table is not None:
            if part.fields:
                doc.add_paragraph()
            _data_table(doc, part.table)

    if document.signatures:
        doc.add_paragraph()
        for label in document.signatures:
            line = doc.add_paragraph()
            line.paragraph_format.space_before = Pt(12)
            _fonts(line.add_run(f"{label}：______________________　　日期：________年____月____日"), size=10.5)
    for note in document.notes:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        _fonts(paragraph.add_run(f"注：{note}"), size=9)
    issuer = doc.add_paragraph()
    issuer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    issuer.paragraph_format.space_before = Pt(14)
    _fonts(issuer.add_run(document.issuer), size=11, bold=True)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


shebao_document_formats, shebao_render_document = own_format(FORMAT, render)
