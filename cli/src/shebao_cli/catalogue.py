"""The message catalogue, kept with Babel: ``python -m shebao_cli.catalogue`` (``make catalogue``)
extracts every message, updates each language's ``.po`` and compiles its ``.mo``.

Messages come from four places: ``_()``/``N_()``/``ngettext()``/``pgettext()`` in the kernel
and the CLI, the same in the bundled plugins (provinces, banks, printers), click's own messages,
and every help text of the ``shebao`` command tree (docstrings and option helps, which are not
calls Babel could find).

The bundled plugins speak through ``shebao.i18n`` and this one catalogue rather than a domain
of their own: they are released with the kernel from this repository, and some of their words
travel as data (a policy's source stored with each settlement, a format's description) that the
command line translates where it shows them, which only works when one catalogue holds them all.
"""

import inspect
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

import shebao
import shebao_banks
import shebao_cli
import shebao_printers
import shebao_provinces
from shebao.i18n import CHINESE, DOMAIN, LOCALE_DIR, TERM
from shebao_cli.i18n import raw_text

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "must_exist": (2,)}
# the service's API speaks English to programs, and the bench is a developer's tool
SKIPPED = ("serve/", "bench/", "scaffold/templates/")
POT = LOCALE_DIR / f"{DOMAIN}.pot"
BUNDLED_PLUGINS = (shebao_provinces, shebao_banks, shebao_printers)


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


Found = tuple[str | tuple[str, str], str | None, tuple[str, int]]


def _source_messages(package: Path, skipped: tuple[str, ...] = ()) -> Iterator[Found]:
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(package), [("**.py", "python")], keywords=KEYWORDS, callback=None
    ):
        relative = Path(filename).as_posix()
        if relative.startswith(skipped):
            continue
        text = message if isinstance(message, str) else (message[0], message[1])
        if text:
            yield text, context, (f"{package.name}/{relative}", lineno)


def _where(path: str) -> str:
    return "cli:" + path.replace(" ", "/")


def _help_texts(command: click.Command, ctx: click.Context, path: str) -> Iterator[tuple[str, str]]:
    for name in ("help", "short_help", "epilog"):
        text = raw_text(command, name)
        if text:
            yield inspect.cleandoc(text), _where(path)
    for param in command.params:
        text = raw_text(param, "help")
        if text:
            yield inspect.cleandoc(text), _where(f"{path} {param.name}")
    if isinstance(command, click.Group):
        for sub_name in command.list_commands(ctx):
            sub = command.get_command(ctx, sub_name)
            if sub is not None:
                yield from _help_texts(sub, click.Context(sub, parent=ctx, info_name=sub_name), f"{path} {sub_name}")


def _terms() -> Iterator[tuple[str, str]]:
    """Every enumerated value of the model (states, schemes, kinds), shown through ``term()``."""
    import enum
    import importlib
    import pkgutil

    import shebao.model
    import shebao.rules

    names = [
        f"{package.__name__}.{info.name}"
        for package in (shebao.model, shebao.rules)
        for info in pkgutil.iter_modules(package.__path__)
    ]
    for module in map(importlib.import_module, [*names, "shebao.ids"]):
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, enum.Enum) and value.__module__ == module.__name__:
                for member in value:
                    if isinstance(member.value, str):
                        yield member.value, f"{module.__name__}.{name}"


def extract() -> Catalog:
    """Every message shebao can show, with where it comes from."""
    from shebao_cli.main import cli

    catalog = Catalog(project="shebao", domain=DOMAIN, fuzzy=False)
    sources = [
        (Path(shebao.__file__).parent, ()),
        (Path(shebao_cli.__file__).parent, SKIPPED),
        *((Path(plugin.__file__).parent, ()) for plugin in BUNDLED_PLUGINS if plugin.__file__),
        (Path(click.__file__).parent, ()),
    ]
    for package, skipped in sources:
        for message, context, where in _source_messages(package, skipped):
            catalog.add(message, context=context, locations=[where])
    for value, enum_name in _terms():
        catalog.add(value, context=TERM, locations=[(enum_name, 1)])
    for text, command in _help_texts(cli, click.Context(cli, info_name="shebao"), "shebao"):
        catalog.add(text, locations=[(command, 1)])
    return catalog


def updated(lang: str, template: Catalog) -> Catalog:
    """``lang``'s catalogue with the template's messages; translations kept, obsolete ones dropped."""
    path = po_path(lang)
    if path.exists():
        with path.open("rb") as file:
            catalog = read_po(file, locale=lang, domain=DOMAIN)
    else:
        catalog = Catalog(locale=lang, domain=DOMAIN, project="shebao")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    return catalog


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def write(lang: str, catalog: Catalog) -> None:
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=0, omit_header=False, sort_output=False, include_lineno=False)
    path.with_suffix(".mo").write_bytes(compiled(catalog))


def untranslated(catalog: Catalog) -> list[str]:
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main() -> int:
    template = extract()
    with POT.open("wb") as file:
        write_po(file, template, width=0, include_lineno=False)
    catalog = updated(CHINESE, template)
    write(CHINESE, catalog)
    missing = untranslated(catalog)
    print(f"{len(template)} messages; {CHINESE}: {len(template) - len(missing)} translated, {len(missing)} missing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
