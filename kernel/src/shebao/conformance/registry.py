"""What a conformance check is, and the registry of checks per plugin family.

A check is a function of the plugin under test that yields the problems it finds. It is
registered for one family (``@province_check``, ``@bank_check``, ``@printer_check``) and
runs on every plugin that implements one of that family's hooks (``hookspecs.FAMILIES``).
"""

from collections.abc import Callable, Iterable

import attrs

from shebao.hookspecs import FAMILIES
from shebao.i18n import _
from shebao.plugins import OwnHooks


@attrs.frozen
class Problem:
    """One thing the kernel cannot rely on, and where it is (hook, arguments, field)."""

    where: str
    message: str
    check: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message} [{self.check}]"


@attrs.frozen
class Subject:
    """The plugin under test: its name, its own hooks, and the policy year to check."""

    name: str
    hooks: OwnHooks
    year: int


Check = Callable[[Subject], Iterable[Problem]]

CHECKS: dict[str, list[Check]] = {family: [] for family in FAMILIES}


def family_check(family: str) -> Callable[[Check], Check]:
    """Register a check for every plugin of ``family``."""
    if family not in CHECKS:
        raise ValueError(_("unknown plugin family {family!r} (known: {CHECKS})").format(family=family, CHECKS=", ".join(CHECKS)))

    def register(check: Check) -> Check:
        CHECKS[family].append(check)
        return check

    return register


province_check = family_check("province")
bank_check = family_check("bank")
printer_check = family_check("printer")


def check_name(check: Check) -> str:
    return getattr(check, "__name__", repr(check)).replace("_", "-")


def families_of(hooks: OwnHooks) -> list[str]:
    """The families whose hooks a plugin implements (usually one)."""
    return [family for family, names in FAMILIES.items() if hooks.hooks & set(names)]
