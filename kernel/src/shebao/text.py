"""Rules every text field from outside obeys: printable, one line, bounded.

A name, an address, a reason or an operator ends up in tables, printed forms and the audit
log. A control character, a line break, a bidirectional override or a zero-width character
could forge a line of ``audit list`` or make two different names look alike, so they are
refused, never stripped silently. Lengths are bounded so nobody stores a 40,000-character
address.
"""

import re
import unicodedata

from shebao.i18n import _, ngettext

TEXT_MAX = 200  # characters of any text field without its own bound

_FORBIDDEN = re.compile(
    "["
    "\x00-\x1f\x7f-\x9f"  # C0 and C1 control characters, tab and line breaks among them
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks, embeddings, overrides, isolates
    "\u200b-\u200d\u2060-\u2064\ufeff"  # zero-width space, joiners, word joiner, invisible operators, BOM
    "\u2028\u2029"  # line and paragraph separators
    "\ue000-\uf8ff\ufff9-\ufffb"  # private use, interlinear annotations
    "]"
).search


# control characters have no Unicode name: the ones a user would recognise
_CONTROL_NAMES = {"\n": "line feed", "\r": "carriage return", "\t": "tab", "\x1b": "escape", "\x00": "null"}


def text_problem(value: str, limit: int = TEXT_MAX) -> str | None:
    """What is wrong with ``value`` as a one-line text field, or None."""
    found = _FORBIDDEN(value)
    if found is not None:
        char = found.group(0)
        name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "") or "control character"
        return _("contains {lower} U+{ord:04X} at position {value}").format(
            lower=name.lower(), ord=ord(char), value=found.start() + 1
        )
    if len(value) > limit:
        return ngettext(
            "is {count} characters long, at most {limit} is allowed",
            "is {count} characters long, at most {limit} are allowed",
            limit,
        ).format(count=len(value), limit=limit)
    return None


def checked_text(value: str, what: str, limit: int = TEXT_MAX) -> str:
    """``value`` without surrounding spaces, or ``ValueError`` naming the field and the problem."""
    problem = text_problem(value, limit)
    if problem is not None:
        raise ValueError(f"{what} {problem}")
    return value.strip()


def is_clean(value: str, limit: int = TEXT_MAX) -> bool:
    """The fast check for hot paths: True when ``checked_text`` would accept ``value``."""
    return len(value) <= limit and _FORBIDDEN(value) is None
