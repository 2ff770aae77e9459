"""Plain text: any document as UTF-8 text, for a terminal, a receipt printer or a log.
QR codes are drawn with block characters (segno), so a phone can scan them off the screen."""

import io

from shebao.documents import Document, DocumentFormat, QrCode
from shebao.i18n import N_
from shebao_printers.layout import qr_code
from shebao_printers.printer import own_format

FORMAT = DocumentFormat(name="text", media_type="text/plain; charset=utf-8", extension="txt", description=N_("plain UTF-8 text"))


def _code(code: QrCode) -> list[str]:
    drawn = io.StringIO()
    qr_code(code.payload).terminal(out=drawn, compact=True, border=2)
    return [f"  {code.caption}扫码：", *("  " + line for line in drawn.getvalue().splitlines())]


def _lines(document: Document) -> list[str]:
    lines = [document.title, f"编号 {document.number}    日期 {document.issued_on.isoformat()}", ""]
    for section in document.sections:
        lines.append(f"【{section.heading}】")
        width = max((len(field.label) for field in section.fields), default=0)
        lines.extend(f"  {field.label.ljust(width, '　')}：{field.value}" for field in section.fields)
        if section.photo:  # no box on a terminal: say where the photograph goes
            lines.append("  " + section.photo.replace("\n", ""))
        if section.table is not None:
            lines.append("  " + " | ".join(section.table.columns))
            lines.extend("  " + " | ".join(row) for row in section.table.rows)
            if section.table.total is not None:
                lines.append("  " + " | ".join(section.table.total))
        for code in section.codes:
            lines.extend(_code(code))
        lines.append("")
    lines.extend(f"{label}：________________" for label in document.signatures)
    lines.extend(document.notes)
    lines.append(document.issuer)
    return lines


def render(document: Document) -> bytes:
    lines = _lines(document)
    if document.stub is not None:
        lines.extend(["", "－" * 12 + " 沿此线剪下 " + "－" * 12, "", *_lines(document.stub)])
    return ("\n".join(lines) + "\n").encode("utf-8")


shebao_document_formats, shebao_render_document = own_format(FORMAT, render)
