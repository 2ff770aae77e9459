"""Printing results: aligned tables for people, JSON for programs."""

import json
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from shebao.i18n import _, ngettext

T = TypeVar("T")


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def emit_list(items: Sequence[Any], offset: int, more: bool) -> None:
    """Every list's JSON envelope: the items, how many, from where, and whether more follow."""
    emit_json({"items": list(items), "count": len(items), "offset": offset, "more": more})


def window(fetch: Callable[[int, int], Sequence[T]], limit: int, offset: int) -> tuple[list[T], bool]:
    """Items ``offset`` to ``offset + limit`` of a read taking ``(limit, offset)``, and whether more follow."""
    items = list(fetch(limit, offset))
    return items, len(items) == limit and bool(fetch(1, offset + limit))


def first_window(fetch: Callable[[int], Sequence[T]], limit: int, offset: int) -> tuple[list[T], bool]:
    """The same for a read taking only a limit: the first ``offset + limit + 1`` are read and cut."""
    items = list(fetch(offset + limit + 1))
    return items[offset : offset + limit], len(items) > offset + limit


def cut_notice(shown: int, offset: int, more: bool, total: int | None = None) -> None:
    """Under a table that does not show everything: which rows these are and how to see the
    rest; ``total`` is how many the whole query has, when the command has them all at hand
    (a list read whole), else unknown (a window read from the database)."""
    if not more:
        return
    if total is None:
        message = ngettext(
            "{shown} row shown from {first}; more with --offset {next}",
            "{shown} rows shown from {first}; more with --offset {next}",
            shown,
        )
    else:
        message = ngettext(
            "row {first} of {total}; --offset {next} for more",
            "rows {first}–{last} of {total}; --offset {next} for more",
            shown,
        )
    total_text = f"{total:,}" if total is not None else ""
    click.echo(message.format(shown=shown, first=offset + 1, last=offset + shown, next=offset + shown, total=total_text))


def sums_notice(shown: int, offset: int, more: bool, amounts: str) -> None:
    """Under a table of money: the sums of its rows, said to be the whole query's only when it
    shows every row (the commands reading a window from the database cannot sum the rest)."""
    if shown == 0:
        return
    if offset == 0 and not more:
        click.echo(_("in all: {amounts}").format(amounts=amounts))
    else:
        said = ngettext("the {count} row shown: {amounts}", "the {count} rows shown: {amounts}", shown)
        click.echo(said.format(count=shown, amounts=amounts))


def offset_option() -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many rows (with --limit: pages).")


def limit_option(default: int = 100) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--limit", type=click.IntRange(1, 10_000), default=default, show_default=True, help="Show at most this many rows."
    )


def cut(items: Sequence[T], limit: int, offset: int) -> tuple[list[T], bool]:
    """A window of a list read whole."""
    return list(items[offset : offset + limit]), len(items) > offset + limit


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    if not rows:
        click.echo(_("(none)"))
        return
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    for index, row in enumerate(cells):
        click.echo("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            click.echo("  ".join("-" * w for w in widths))


def pairs(items: Sequence[tuple[str, object]]) -> None:
    width = max(_width(label) for label, _ in items)
    for label, value in items:
        click.echo(f"{label}{' ' * (width - _width(label))}  {'' if value is None else value}")


def mask_id(app_reveal: bool, number: str) -> str:
    from shebao.ids import masked_id

    return masked_id(number, app_reveal)


def mask_phone(app_reveal: bool, number: str | None) -> str:
    from shebao.ids import masked_phone

    return masked_phone(number, app_reveal)


PERSONAL_NUMBERS = (
    # citizen ids and bank card numbers (16 to 19 digits), then mobile phone numbers
    (re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{16,19})(?![0-9A-Za-z])"), 4, 4),
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), 3, 4),
)


def mask_text(app_reveal: bool, text: str) -> str:
    """Mask every id, bank card and phone number inside free text (audit subjects, check reports)."""
    from shebao.ids import mask

    if app_reveal:
        return text
    for pattern, keep_start, keep_end in PERSONAL_NUMBERS:
        text = pattern.sub(lambda found: mask(found.group(0), keep_start, keep_end), text)  # noqa: B023
    return text


def mask_data(app_reveal: bool, data: Any) -> Any:
    """``mask_text`` over every string of JSON-ready data."""
    if isinstance(data, str):
        return mask_text(app_reveal, data)
    if isinstance(data, dict):
        return {key: mask_data(app_reveal, value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [mask_data(app_reveal, value) for value in data]
    return data
