"""The message catalogue: every message shebao can show has a Chinese translation, the compiled
catalogue is the one kept, and the language follows SHEBAO_LANG or the locale."""

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from shebao.i18n import CHINESE, DOMAIN, LOCALE_DIR, language
from shebao_cli.catalogue import extract, po_path, untranslated, updated

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sd]")


@pytest.fixture(scope="module")
def template() -> Catalog:
    return extract()


Key = tuple[str | None, str | tuple[str, ...]]


def read_catalogue(path: Path) -> dict[Key, str]:
    """(context, msgid — a tuple for plural forms) -> the translation (the first form)."""
    with path.open("rb") as file:
        catalog = read_po(file)
    kept: dict[Key, str] = {}
    for message in catalog:
        if message.id:
            string = message.string[0] if isinstance(message.string, tuple) else message.string
            assert isinstance(string, str)
            kept[message.context, message.id if isinstance(message.id, str) else tuple(message.id)] = string
    return kept


def test_every_message_has_a_chinese_translation(template: Catalog) -> None:
    missing = untranslated(updated(CHINESE, template))
    assert not missing, f"{len(missing)} messages untranslated (`make catalogue`, then translate): {missing[:20]}"


def test_the_kept_catalogue_holds_exactly_the_messages_shebao_shows(template: Catalog) -> None:
    kept = read_catalogue(po_path(CHINESE))
    extracted = {(message.context, message.id) for message in template if message.id}
    assert set(kept) == extracted, "the catalogue is stale: run `make catalogue`"


def test_translations_keep_every_placeholder() -> None:
    for (_context, msgid), translated in read_catalogue(po_path(CHINESE)).items():
        english = msgid if isinstance(msgid, str) else msgid[1]
        assert sorted(set(PLACEHOLDER.findall(translated))) == sorted(set(PLACEHOLDER.findall(english))), msgid


def test_the_compiled_catalogue_is_the_kept_one() -> None:
    with (LOCALE_DIR / CHINESE / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    for (context, msgid), translated in read_catalogue(po_path(CHINESE)).items():
        if isinstance(msgid, str):
            found = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
            assert found == translated, f"{msgid!r}: run `make catalogue` to compile"


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, CHINESE),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, CHINESE),
        ({"SHEBAO_LANG": "zh_CN", "LANG": "en_US.UTF-8"}, CHINESE),
        ({"SHEBAO_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, CHINESE),
    ],
)
def test_the_language_follows_shebao_lang_then_the_locale(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str
) -> None:
    for variable in ("SHEBAO_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    assert language() == expected


BUNDLED_PLUGINS = ("shebao_provinces", "shebao_banks", "shebao_printers")


def test_the_bundled_plugins_messages_are_in_the_catalogue(template: Catalog) -> None:
    packages = {path.split("/")[0] for message in template if message.id for path, _line in message.locations}
    assert set(BUNDLED_PLUGINS) <= packages, "extract() reads every bundled plugin's source"
    kept = read_catalogue(po_path(CHINESE))
    assert kept[None, "Beijing sample policy (shebao_provinces.beijing)"] == "北京市样例政策（shebao_provinces.beijing）"


def test_a_plugins_error_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    from shebao_banks.statements import icbc

    monkeypatch.setenv("SHEBAO_LANG", "zh_CN")
    with pytest.raises(ValueError, match=r"^icbc 对账单第 1 行：应为列 .*；实为 a,b$"):
        icbc.parse("a,b\n1,2\n".encode("gbk"), "icbc")
    monkeypatch.setenv("SHEBAO_LANG", "en")
    with pytest.raises(ValueError, match=r"^icbc statement line 1: expected columns .*; found a,b$"):
        icbc.parse("a,b\n1,2\n".encode("gbk"), "icbc")
