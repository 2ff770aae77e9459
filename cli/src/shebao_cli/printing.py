"""Writing a rendered document: to a file with ``-o``, or text to the terminal."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from shebao.documents import Document

FC = TypeVar("FC", bound=Callable[..., object])


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


def document_format_option(**extra: Any) -> Callable[[FC], FC]:
    """``--format`` for a printed document, checked against the installed printers before
    anything else is looked at, so a wrong format is bad input however the rest stands."""
    return click.option("--format", "format_", callback=_known_format, **extra)


def _known_format(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from shebao import plugins

    if value is not None and value not in plugins.document_formats():
        known = ", ".join(sorted(plugins.document_formats())) or "none installed"
        raise click.BadParameter(f"unknown format {value!r} (known: {known})", ctx=ctx, param=param)
    return value


def payment_channel_option(**extra: Any) -> Callable[[FC], FC]:
    """``--channel`` naming an installed payment channel, checked before anything else."""
    return click.option("--channel", callback=_known_channel, **extra)


def _known_channel(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from shebao import plugins

    if value is not None and value not in plugins.payment_channels():
        known = ", ".join(sorted(plugins.payment_channels())) or "none installed"
        raise click.BadParameter(f"unknown payment channel {value!r} (known: {known})", ctx=ctx, param=param)
    return value
