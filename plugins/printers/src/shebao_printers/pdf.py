"""PDF: any document printed at the counter without Word, from the HTML printer's page
rendered by WeasyPrint (pango finds the CJK fonts installed, e.g. Noto Serif CJK)."""

from shebao.documents import Document, DocumentFormat
from shebao.i18n import N_
from shebao_printers import html
from shebao_printers.printer import own_format

FORMAT = DocumentFormat(name="pdf", media_type="application/pdf", extension="pdf", description=N_("PDF (A4), ready to print"))


def render(document: Document) -> bytes:
    import weasyprint  # a second to import: only when a PDF is printed

    pdf = weasyprint.HTML(string=html.render(document).decode("utf-8")).write_pdf()
    assert pdf is not None, "write_pdf without a target returns the bytes"
    return bytes(pdf)


shebao_document_formats, shebao_render_document = own_format(FORMAT, render)
