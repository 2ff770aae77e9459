"""Checks of printer plugins: every document kind rendered in every format offered.

A plugin renders each ``DocumentKind`` in each format it lists, as non-empty bytes that
match the format's media type, and answers ``None`` for a format it does not offer.
"""

import io
import re
import zipfile
from collections.abc import Iterator

from shebao import plugins as facade
from shebao.conformance.registry import Problem, Subject, printer_check
from shebao.conformance.samples import FOREIGN_FORMAT, MARKUP, documents
from shebao.conformance.values import code_problems, text_problems
from shebao.documents import Document, DocumentFormat
from shebao.hookspecs import shebao_document_formats, shebao_render_document

_MEDIA_TYPE = re.compile(r"^[a-z]+/[a-z0-9.+-]+(;.*)?$")


def _where(subject: Subject, hook: str, *arguments: str) -> str:
    return f"{subject.name}.{hook}({', '.join(arguments)})"


@printer_check
def formats_are_well_formed(subject: Subject) -> Iterator[Problem]:
    formats = subject.hooks.collect(shebao_document_formats)
    if not formats:
        yield Problem(_where(subject, "shebao_document_formats"), "offers no format, yet implements printer hooks")
    if formats and not subject.hooks.implements("shebao_render_document"):
        yield Problem(_where(subject, "shebao_render_document"), "offers formats but renders none")
    others = {
        fmt.name: info.name
        for info in facade.plugin_infos()
        if info.name != subject.name and "shebao_document_formats" in info.hooks
        for fmt in facade.OwnHooks(info.name).collect(shebao_document_formats)
    }
    seen: set[str] = set()
    for fmt in formats:
        where = f"{_where(subject, 'shebao_document_formats')}[{fmt.name}]"
        yield from code_problems(where, fmt.name, "format name")
        if not isinstance(fmt.media_type, str) or not _MEDIA_TYPE.match(fmt.media_type):
            yield Problem(where, f"media type {fmt.media_type!r} is not a MIME type such as text/html")
        if not isinstance(fmt.extension, str) or not fmt.extension.isalnum():
            yield Problem(where, f"extension {fmt.extension!r} must be letters and digits, without the dot")
        yield from text_problems(where, fmt.description, "description")
        if fmt.name in seen:
            yield Problem(where, f"format {fmt.name} is listed twice")
        seen.add(fmt.name)
        if fmt.name in others:
            yield Problem(where, f"format {fmt.name} is already offered by plugin '{others[fmt.name]}'")


@printer_check
def renders_every_kind_in_every_format(subject: Subject) -> Iterator[Problem]:
    if not subject.hooks.implements("shebao_render_document"):
        return
    for fmt in subject.hooks.collect(shebao_document_formats):
        for document in documents():
            where = _where(subject, "shebao_render_document", document.kind.value, fmt.name)
            rendered = subject.hooks.first(shebao_render_document, document=document, format=fmt.name)
            if rendered is None:
                yield Problem(where, "answered None for a format it offers")
            elif not rendered:
                yield Problem(where, "rendered zero bytes")
            else:
                yield from (Problem(where, message) for message in content_problems(rendered, fmt, document))


def content_problems(rendered: bytes, fmt: DocumentFormat, document: Document) -> Iterator[str]:
    """What the bytes must look like for the media types the kit knows; others only non-empty."""
    media_type = fmt.media_type.split(";")[0].strip().lower()
    if media_type.startswith("text/"):
        try:
            text = rendered.decode("utf-8")
        except UnicodeDecodeError:
            yield "a text format must be UTF-8"
            return
        if document.number not in text:
            yield f"the document number {document.number} is missing"
        if media_type == "text/html" and MARKUP in text:
            yield "field values reach the page unescaped (HTML injection)"
    elif media_type.startswith("application/vnd.openxmlformats-officedocument"):
        if not zipfile.is_zipfile(io.BytesIO(rendered)):
            yield "an Office Open XML file must be a zip package"
        elif "[Content_Types].xml" not in zipfile.ZipFile(io.BytesIO(rendered)).namelist():
            yield "the zip package has no [Content_Types].xml"
    elif media_type == "application/pdf" and not rendered.startswith(b"%PDF-"):
        yield "a PDF must start with %PDF-"


@printer_check
def leaves_other_formats_alone(subject: Subject) -> Iterator[Problem]:
    if subject.hooks.first(shebao_render_document, document=documents()[0], format=FOREIGN_FORMAT) is not None:
        yield Problem(
            _where(subject, "shebao_render_document", FOREIGN_FORMAT), "rendered a format it does not offer (must answer None)"
        )
