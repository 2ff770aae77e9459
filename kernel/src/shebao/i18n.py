"""Messages in the user's language: gettext over one catalogue, ``shebao``, kept with Babel.

The language is looked up at every call, not at import, so one process (a test run) can speak
English and Chinese in turn. ``SHEBAO_LANG`` wins over the locale (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``); anything that is not Chinese is English, the messages as written.
"""

import functools
import gettext
import inspect
import os
from pathlib import Path

DOMAIN = "shebao"
LOCALE_DIR = Path(__file__).parent / "locale"
ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGES = (ENGLISH, CHINESE)
LANGUAGE_VARIABLES = ("SHEBAO_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def language() -> str:
    """``zh_CN`` when the first language variable set names Chinese (``zh``, ``zh_CN.UTF-8``,
    ``zh-Hans``), else ``en``."""
    for variable in LANGUAGE_VARIABLES:
        value = os.environ.get(variable, "")
        if value:
            first = value.split(":")[0].strip().lower()
            return CHINESE if first.startswith("zh") else ENGLISH
    return ENGLISH


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    if lang == ENGLISH:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, [lang], fallback=True)


def _(message: str) -> str:
    """``message`` in the user's language."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the user's language."""
    return translations(language()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is written; it is translated where shown."""
    return message


def help_text(text: str) -> str:
    """A help text (a docstring, an option's help) translated whole; its catalogue entry is the
    text as ``inspect.cleandoc`` leaves it."""
    if language() == ENGLISH:
        return text
    key = inspect.cleandoc(text)
    translated = translations(language()).gettext(key)
    return text if translated == key else translated


TERM = "term"  # the catalogue's context of enumerated values: "paid" the state, not a heading


def term(value: str) -> str:
    """An enumerated value (a state, a scheme, a sex) as the user's language names it."""
    return translations(language()).pgettext(TERM, value)


def pgettext(context: str, message: str) -> str:
    """``message`` where one English word is two in Chinese: ``pgettext("person", "name")`` is 姓名."""
    return translations(language()).pgettext(context, message)
