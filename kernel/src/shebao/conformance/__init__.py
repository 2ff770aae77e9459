"""The conformance kit: does an installed plugin give the kernel what it needs?

``check_plugin(name, year)`` runs every check of each family the plugin belongs to (by
the hooks it implements) against the plugin alone, and returns the problems found, each
saying where it is. ``assert_conforms(name)`` is the same for a plugin's own tests.
``shebao plugin check NAME`` prints them and exits 1 when there is any.

Checks live per family in ``provinces``, ``banks`` and ``printers``; a new check is a
function decorated with ``@province_check`` (``@bank_check``, ``@printer_check``) yielding
``Problem``\\ s.
"""

import datetime as dt

import attrs

from shebao.conformance import banks, printers, provinces
from shebao.conformance.registry import CHECKS, Problem, Subject, check_name, families_of
from shebao.errors import ShebaoError
from shebao.plugins import OwnHooks

__all__ = ["CHECKS", "Problem", "assert_conforms", "check_plugin", "checks_for", "families_of"]

_FAMILY_MODULES = (provinces, banks, printers)  # imported for their registered checks


def checks_for(name: str) -> list[str]:
    """The names of the checks ``check_plugin`` runs on a loaded plugin."""
    hooks = OwnHooks(name)
    return [check_name(check) for family in families_of(hooks) for check in CHECKS[family]]


def check_plugin(name: str, year: int) -> list[Problem]:
    """Every problem of the loaded plugin ``name``; ``year`` is the policy year asked for.

    A plugin that raises or answers the wrong type inside a hook is one problem of the
    check that called it; the other checks still run. Refused with ``InputError`` when no
    plugin of that name is loaded.
    """
    hooks = OwnHooks(name)
    subject = Subject(name=name, hooks=hooks, year=year)
    problems = [
        Problem(f"{name}.{hook}", "no such hook in shebao.hookspecs (misspelled?): the kernel never calls it", "hooks-are-known")
        for hook in hooks.unknown_hooks
    ]
    families = families_of(hooks)
    if not families and not problems:
        problems.append(Problem(name, "implements no shebao hook", "hooks-are-known"))
    for family in families:
        for check in CHECKS[family]:
            try:
                problems.extend(attrs.evolve(problem, check=check_name(check)) for problem in check(subject))
            except ShebaoError as error:  # the plugin failed inside a hook: report it, keep checking
                where = f"{name}.{getattr(error, 'hook', check_name(check))}"
                problems.append(Problem(where, str(error), check_name(check)))
    return problems


def assert_conforms(name: str, year: int | None = None) -> None:
    """For a plugin's own tests: fail with every problem listed, one a line."""
    problems = check_plugin(name, year if year is not None else dt.date.today().year)
    if problems:
        lines = "\n".join(f"  {problem}" for problem in problems)
        raise AssertionError(f"plugin {name!r} does not conform ({len(problems)} problems):\n{lines}")
