"""Writing a rendered document: to a file with ``-o``, or text to the terminal."""

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from shebao.documents import Document


def write_document(document: "Document", format_: str, out: Path | None) -> None:
    from shebao import plugins

    content, found = plugins.render(document, format_)
    if out is None:
        if not found.media_type.startswith("text/"):
            raise click.UsageError(f"{format_} is a binary format: give -o FILE")
        click.echo(content.decode("utf-8"), nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)
    click.echo(f"wrote {document.title} {document.number} as {found.name} to {out}")
