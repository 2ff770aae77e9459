"""What every bundled printer module shares: it names its one format and renders a document
only when asked for that format."""

from collections.abc import Callable

import shebao
from shebao.documents import Document, DocumentFormat

FormatsHook = Callable[[], list[DocumentFormat]]
RenderHook = Callable[[Document, str], bytes | None]


def own_format(format_: DocumentFormat, render: Callable[[Document], bytes]) -> tuple[FormatsHook, RenderHook]:
    """``shebao_document_formats`` and ``shebao_render_document`` for one format."""

    @shebao.hookimpl
    def shebao_document_formats() -> list[DocumentFormat]:
        return [format_]

    @shebao.hookimpl
    def shebao_render_document(document: Document, format: str) -> bytes | None:
        return render(document) if format == format_.name else None

    return shebao_document_formats, shebao_render_document
