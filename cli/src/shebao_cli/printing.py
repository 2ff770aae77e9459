"""Printed documents and other files on the command line.

``--format`` and ``--channel`` are click choices of what the installed plugins offer, so help
and shell completion list them. Without ``--format`` the format is the one whose extension
``-o`` names (``-o form.docx`` writes Word); a format and a file whose extension disagree
are refused before anything is looked up or written.

Every command that writes a file obeys the same rules: an existing file is replaced only with
``--force``, the database (and its -wal and -shm files) never; a missing folder is created,
0700; the file is written 0600, since a form carries a person's numbers. A document carrying a
full citizen id, bank card or phone number is audited before its first byte is written.
"""

import functools
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from shebao.i18n import _
from shebao_cli.app import App

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
            known = ", ".join(sorted(f".{f.extension}" for f in formats.values())) or _("none installed")
            raise click.BadParameter(
                _("cannot tell the format from {name!r}: give --format, or a file ending in {known}").format(
                    name=out.name, known=known
                ),
                param_hint="'-o'",
            )
        return by_extension[0]
    extension = formats[format_].extension
    if suffix != extension:
        raise click.BadParameter(
            _("{name!r} does not end in .{extension}, the extension of --format {format_}").format(
                name=out.name, extension=extension, format_=format_
            ),
            param_hint="'-o'",
        )
    return format_


def document_output_options(default: str | None = "text", what: str = "the document") -> Callable[[FC], FC]:
    """``--format`` and ``-o/--output`` of a command that prints a document. The command
    receives ``format_`` already resolved (None only when ``default`` is None and neither
    option is given) and ``out``."""

    def decorate(command: FC) -> FC:
        @functools.wraps(command)
        def resolved(*args: Any, format_: str | None, out: Path | None, force: bool, **kwargs: Any) -> object:
            app = click.get_current_context().find_object(App)
            if out is not None and app is not None:  # the database and existing files come before the format
                check_output(app, out, force)
            return command(*args, format_=format_for(format_, out, default), out=out, force=force, **kwargs)

        with_output = click.option(
            "-o",
            "--output",
            "out",
            type=click.Path(dir_okay=False, path_type=Path),
            help=f"File to write {what} to; its extension chooses the format unless --format is given.",
        )(resolved)
        default_text = _(" [default: {default}, or from the extension of -o]").format(default=default) if default else ""
        with_force = click.option("--force", is_flag=True, help="Replace the -o file if it exists.")(with_output)
        return click.option(
            "--format",
            "format_",
            type=InstalledChoice(_format_names),
            help=f"Printer format of {what} (see shebao plugins).{default_text}",
        )(with_force)  # type: ignore[return-value]

    return decorate


def write_document(
    app: App, document: "Document", format_: str, out: Path | None, force: bool = False, binary_to_stdout: bool = False
) -> None:
    from shebao import plugins

    content, found = plugins.render(document, format_)
    text = found.media_type.startswith("text/")
    if out is None and not text and not binary_to_stdout:
        raise click.UsageError(_("{format_} is a binary format: give -o FILE").format(format_=format_))
    target = check_output(app, out, force) if out is not None else None
    numbers = personal_numbers(document)
    if numbers:
        app.audit_document(document.kind.value, document.number, numbers[0], str(target or "stdout"))
    if target is None:
        if text:
            click.echo(content.decode("utf-8"), nl=False)
        else:
            sys.stdout.buffer.write(content)
        return
    write_private(target, content, force)
    click.echo(
        _("wrote {title} {number} as {name} to {target}").format(
            title=document.title, number=document.number, name=found.name, target=target
        )
    )


def personal_numbers(document: "Document") -> list[str]:
    """The full citizen ids, bank cards and phone numbers a document prints, in order."""
    from shebao_cli.output import PERSONAL_NUMBERS

    values = [field.value for section in document.sections for field in section.fields]
    values += [cell for section in document.sections if section.table for row in section.table.rows for cell in row]
    found: list[str] = []
    for value in values:
        for pattern, _keep_start, _keep_end in PERSONAL_NUMBERS:
            found += [match.group(0) for match in pattern.finditer(value)]
    return found


def check_output(app: App, out: Path, force: bool) -> Path:
    """The file ``-o`` may write, or bad input saying why not."""
    from shebao.errors import InputError

    if out.is_dir():
        raise InputError(_("-o {out} is a folder: name a file").format(out=out))
    database = app.db_path
    for guarded in (database, Path(f"{database}-wal"), Path(f"{database}-shm"), Path(f"{database}-journal")):
        if _same_file(out, guarded):
            raise InputError(_("-o {out} is the database: printing there would destroy it").format(out=out))
    if (out.exists() or out.is_symlink()) and not force:
        raise InputError(_("-o {out} exists: give --force to replace it, or another name").format(out=out))
    return out


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
    except OSError:
        pass
    return os.path.abspath(a) == os.path.abspath(b)


def write_private(target: Path, content: bytes, force: bool) -> None:
    """Write ``content`` readable by its owner only; a missing folder is created 0700."""
    from shebao.errors import InputError
    from shebao.private_files import make_private_folder

    try:
        make_private_folder(target.parent)
        flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL) | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(target, flags, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            os.fchmod(stream.fileno(), 0o600)  # a replaced file keeps no wider mode it had
            stream.write(content)
    except FileExistsError:
        raise InputError(_("-o {target} exists: give --force to replace it, or another name").format(target=target)) from None
    except OSError as error:
        raise InputError(_("-o {target} cannot be written: {strerror}").format(target=target, strerror=error.strerror)) from None
