"""HTML ready to print from a browser: any document on A4 with a print stylesheet (jinja2).

The same layout as the Word printer: labelled fields two to a row (a photo box beside them
where asked), tables with a shaded header that a long table repeats on every printed page,
QR codes as inline SVG (segno), signature lines, notes, a tear-off stub below a cut line and
page numbers. Values are escaped; the file is UTF-8 and declares it.
"""

import jinja2

from shebao.documents import Document, DocumentFormat
from shebao.i18n import N_
from shebao_printers.layout import field_rows, is_figure, qr_code
from shebao_printers.printer import own_format

FORMAT = DocumentFormat(
    name="html", media_type="text/html; charset=utf-8", extension="html", description=N_("HTML for printing from a browser (A4)")
)

_environment = jinja2.Environment(
    loader=jinja2.PackageLoader("shebao_printers", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


def render(document: Document) -> bytes:
    template = _environment.get_template("document.html.j2")
    return template.render(document=document, rows=field_rows, is_figure=is_figure, qr=qr_image).encode("utf-8")


def qr_image(payload: str) -> str:
    """The QR code as an SVG data URI, so the page needs no other file."""
    return qr_code(payload).svg_data_uri(scale=4, border=2)


shebao_document_formats, shebao_render_document = own_format(FORMAT, render)
