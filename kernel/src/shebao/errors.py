"""The errors a use case may end with; the CLI maps each to one line and an exit status."""

from typing import TypeVar

from shebao.i18n import _

T = TypeVar("T")


class ShebaoError(Exception):
    """Base of every error shebao reports to its user."""

    exit_code = 1


class InputError(ShebaoError):
    """Outside input is malformed: a bad id, date, amount, region or JSON document."""

    exit_code = 2


class RuleViolation(ShebaoError):
    """A business rule refuses the request; ``rule`` names it."""

    exit_code = 1

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(_("refused by rule '{rule}': {message}").format(rule=rule, message=message))
        self.rule = rule
        self.detail = message


class NotFound(RuleViolation):
    """The request names a record that does not exist."""

    def __init__(self, what: str, key: str) -> None:
        super().__init__("must-exist", _("no {what} {key}").format(what=_(what), key=key))


class PluginError(ShebaoError):
    """A plugin failed inside a hook, or answered with something the kernel cannot use."""

    exit_code = 1

    def __init__(self, plugin: str, hook: str, message: str) -> None:
        super().__init__(_("plugin '{plugin}' failed in {hook}: {message}").format(plugin=plugin, hook=hook, message=message))
        self.plugin = plugin
        self.hook = hook


class DamagedRow(ShebaoError):
    """A stored row cannot be read back (written by hand, or by a faulty tool): the one record
    is refused with this message; lists leave it out, and ``shebao check`` reports it."""

    exit_code = 1

    def __init__(self, table: str, key: str, problem: str) -> None:
        super().__init__(
            _("stored {table} row {key} is damaged ({problem}); run `shebao check`").format(table=table, key=key, problem=problem)
        )


def must_exist(found: T | None, what: str, key: str) -> T:
    """``found``, or ``NotFound`` naming what was asked for by its key."""
    if found is None:
        raise NotFound(what, key)
    return found


class StoreRefused(ShebaoError):
    """The database refused a write its constraints forbid (a key already taken, a CHECK that
    fails) although the rules let it through: the use case fails whole, nothing is written."""

    exit_code = 1
