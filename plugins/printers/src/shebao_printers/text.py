"""Plain text: any document as UTF-8 text, for a terminal, a receipt printer or a log."""

from shebao.documents import Document, DocumentFormat
from shebao_printers.printer import own_format

FORMAT = DocumentFormat(name="text", media_type="text/plain; charset=utf-8", extension="txt", description="plain UTF-8 text")


def render(document: Document) -> bytes:
    lines = [document.title, f"编号 {document.number}    日期 {document.issued_on.isoformat()}", ""]
    for section in document.sections:
        lines.append(f"【{section.heading}】")
        width = max((len(field.label) for field in section.fields), default=0)
        lines.extend(f"  {field.label.ljust(width, '　')}：{field.value}" for field in section.fields)
        if section.table is not None:
            lines.append("  " + " | ".join(section.table.columns))
            lines.extend("  " + " | ".join(row) for row in section.table.rows)
        lines.append("")
    lines.extend(f"{label}：________________" for label in document.signatures)
    lines.extend(document.notes)
    lines.append(document.issuer)
    return ("\n".join(lines) + "\n").encode("utf-8")


shebao_document_formats, shebao_render_document = own_format(FORMAT, render)
