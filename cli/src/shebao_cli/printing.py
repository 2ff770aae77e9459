"""Printed documents on the command line: ``--format`` and ``-o`` chosen together, and the
rendered bytes written to the file or, for a text format, to the terminal.

``--format`` and ``--channel`` are click choices of what the installed plugins offer, so help
and shell completion list them. Without ``--format`` the format is the one whose extension
``-o`` names (``-o form.docx`` writes Word); a format and a file whose extension disagree
are refused before anything is looked up or written.
"""

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from shebao.documents import Document

FC = TypeVar("FC", bound=Callable[..., object])


class InstalledChoice(click.Choice[str]):
    """A choice among names the installed plugins offer, read when first needed (help,
    completion, parsing), not when the command is defined."""

    def __init__(self, installed: Callable[[], Iterable[str]]) -> None:
        self._installed = installed
        super().__init__((), case_sensitive=True)

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(sorted(self._installed()))

    @choices.setter
    def choices(self, _: object) -> None:
        """click's constructor stores its choices; these are always read from the plugins."""


def _format_names() -> list[str]:
    from shebao import plugins

    return list(plugins.document_formats())


def _channel_codes() -> list[str]:
    from shebao import plugins

    return list(plugins.payment_channels())


def payment_channel_option(**extra: Any) -> Callable[[FC], FC]:
    """``--channel`` naming an installed payment channel, checked before anything else."""
    return click.option("--channel", type=InstalledChoice(_channel_codes), **extra)


def format_for(format_: str | None, out: Path | None, default: str | None) -> str | None:
    """The format to print in: ``--format``, else the one whose extension ``out`` has, else
    ``default``. A format whose extension is not the file's is refused."""
    from shebao import plugins

    formats = plugins.document_formats()
    if out is None:
        return format_ or default
    suffix = out.suffix.lower().removeprefix(".")
    if format_ is None:
        by_extension = [f.name for f in formats.values() if f.extension == suffix]
        if not by_extension:
            known = ", ".join(sorted(f".{f.extension}" for f in formats.values())) or "none installed"
            raise click.BadParameter(
                f"cannot tell the format from {out.name!r}: give --format, or a file ending in {known}", param_hint="'-o'"
            )
        return by_extension[0]
    extension = formats[format_].extension
    if suffix != extension:
        raise click.BadParameter(
            f"{out.name!r} does not end in .{extension}, the extension of --format {format_}", param_hint="'-o'"
        )
    return format_


def document_output_options(default: str | None = "text", what: str = "the document") -> Callable[[FC], FC]:
    """``--format`` and ``-o/--output`` of a command that prints a document. The command
    receives ``format_`` already resolved (None only when ``default`` is None and neither
    option is given) and ``out``."""

    def decorate(command: FC) -> FC:
        @functools.wraps(command)
        def resolved(*args: Any, format_: str | None, out: Path | None, **kwargs: Any) -> object:
            return command(*args, format_=format_for(format_, out, default), out=out, **kwargs)

        with_output = click.option(
            "-o",
            "--output",
            "out",
            type=click.Path(dir_okay=False, path_type=Path),
            help=f"File to write {what} to; its extension chooses the format unless --format is given.",
        )(resolved)
        default_text = f" [default: {default}, or from the extension of -o]" if default else ""
        return click.option(
            "--format",
            "format_",
            type=InstalledChoice(_format_names),
            help=f"Printer format of {what} (see shebao plugins).{default_text}",
        )(with_output)  # type: ignore[return-value]

    return decorate


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
