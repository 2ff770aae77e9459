"""click in the user's language: its own messages and every help text.

click translates its messages through the ``gettext`` module's global functions, bound into its
modules at import; they are pointed at shebao's catalogue here. Help texts are kept as written
(English, the catalogue's keys) and translated when read, since a command is built once per
process but may be shown in either language.
"""

import importlib
from typing import Any

import click

from shebao.i18n import _, help_text, ngettext

CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "shell_completion", "termui", "types", "utils")
TRANSLATED_TEXTS = ((click.Command, ("help", "short_help", "epilog")), (click.Option, ("help",)))


def _translated(name: str) -> property:
    raw = f"_shebao_raw_{name}"

    def read(self: Any) -> Any:
        text = self.__dict__.get(raw, self.__dict__.get(name))  # made before install(): as click stored it
        return help_text(text) if isinstance(text, str) and text else text

    def write(self: Any, value: Any) -> None:
        self.__dict__[raw] = value

    return property(read, write)


def raw_text(owner: object, name: str) -> str | None:
    """A help text as written, for the catalogue."""
    stored = getattr(owner, "__dict__", {})
    text = stored.get(f"_shebao_raw_{name}", stored.get(name))
    return text if isinstance(text, str) else None


def display_width(x: str) -> int:
    """Columns a terminal gives ``x``: Chinese characters take two, so help columns line up."""
    import unicodedata

    from click._compat import strip_ansi

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in strip_ansi(x))


def install() -> None:
    """Idempotent: click speaks the user's language from here on."""
    import click.formatting

    click.formatting.term_len = display_width  # type: ignore[attr-defined]  # click has no hook for wide characters
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    for cls, names in TRANSLATED_TEXTS:
        for name in names:
            if not isinstance(cls.__dict__.get(name), property):
                setattr(cls, name, _translated(name))
