"""Click parameter types that parse through the kernel's rules, with one clear message."""

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from shebao.i18n import _

if TYPE_CHECKING:
    from collections.abc import Mapping

    from click.types import OptionHelpExtra

    from shebao.periods import Month


class DateType(click.ParamType[dt.date]):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        from shebao.convert import checked_day

        try:
            if len(value) != 10 or not value.isascii():
                raise ValueError
            day = dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(_("{value!r} is not a real date written YYYY-MM-DD").format(value=value), param, ctx)
        try:
            return checked_day(day)
        except ValueError as error:
            self.fail(str(error), param, ctx)


class MonthType(click.ParamType["Month"]):
    name = "YYYY-MM"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> "Month":
        from shebao.periods import Month

        if isinstance(value, Month):
            return value
        try:
            return Month.parse(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


DATE = DateType()
MONTH = MonthType()

# a row id SQLite can hold: a larger number is refused as bad input instead of overflowing
ROW_ID = click.IntRange(1, 2**63 - 1)


class OneName(click.Option):
    """An option shown under its one name; its former spellings, listed after it, still work
    (``--on`` for a day, once ``--as-of`` or ``--paid-on``)."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        spellings = self.opts
        self.opts = spellings[:1]
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = spellings


class FormerSpelling(click.Option):
    """A hidden option that keeps a parameter's former spelling working after it moved
    (``person register --id N`` is now ``person register N``); ``feeds`` names the parameter."""

    def __init__(self, *args: Any, feeds: str, **kwargs: Any) -> None:
        kwargs.setdefault("hidden", True)
        super().__init__(*args, **kwargs)
        self.feeds = feeds


Condition = tuple[tuple[str, ...], tuple[str, str] | None]


def _needed(ctx: click.Context, given: "Mapping[str, Any]", condition: Condition) -> bool:
    unless, when = condition
    if ctx.resilient_parsing or any(given.get(name) is not None for name in unless):
        return False
    return when is None or given.get(when[0]) == when[1]


def _said(ctx: click.Context, condition: Condition) -> str:
    from shebao_cli.option_errors import typed_name

    unless, when = condition
    names = {param.name: typed_name(param) for param in ctx.command.params}
    if when is not None:
        return _("required with {option} {value}").format(option=names.get(when[0], when[0]), value=when[1])
    if unless:
        return _("required without {options}").format(options=_(" or ").join(names.get(n, n) for n in unless))
    return _("required")


class Required(click.Option):
    """An option required unless another parameter is given (``unless``: the JSON file that
    replaces the options), or only when another has a value (``when``: ``--family province``).
    Help says so, and leaving it out is click's own missing-option error, naming it."""

    def __init__(self, *args: Any, unless: tuple[str, ...] = (), when: tuple[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.condition: Condition = (unless, when)

    def handle_parse_result(self, ctx: click.Context, opts: "Mapping[str, Any]", args: list[str]) -> tuple[Any, list[str]]:
        self.required = _needed(ctx, opts, self.condition)
        try:
            return super().handle_parse_result(ctx, opts, args)
        finally:
            self.required = False

    def get_help_extra(self, ctx: click.Context) -> "OptionHelpExtra":
        extra = super().get_help_extra(ctx)
        extra["required"] = _said(ctx, self.condition)
        return extra


class RequiredArgument(click.Argument):
    """An argument required unless one of ``unless`` is given (its former spelling as an option,
    or a JSON file); leaving both out is click's missing-argument error."""

    def __init__(self, *args: Any, unless: tuple[str, ...], **kwargs: Any) -> None:
        kwargs["required"] = True  # usage shows it without brackets
        super().__init__(*args, **kwargs)
        self.condition: Condition = (unless, None)

    def handle_parse_result(self, ctx: click.Context, opts: "Mapping[str, Any]", args: list[str]) -> tuple[Any, list[str]]:
        self.required = _needed(ctx, opts, self.condition)
        try:
            return super().handle_parse_result(ctx, opts, args)
        finally:
            self.required = True


def given_once(value: str | None, former: str | None, former_name: str) -> str | None:
    """The value given in either spelling; both, differing, is bad input."""
    from shebao.errors import InputError
    from shebao.i18n import _

    if value is not None and former is not None and value != former:
        raise InputError(_("{option} repeats the argument with another value: give it once").format(option=former_name))
    return value if value is not None else former


def to_pooling_area(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A district's code where a pooling area is wanted is taken as its pooling area, and the
    operator is told so (``310104`` → ``310100``); a province or pooling area stays as given."""
    if value is None or len(value) != 6 or not value.isdigit():
        return value
    from shebao import plugins
    from shebao.errors import InputError
    from shebao.i18n import _

    try:
        area = plugins.region(value)
    except (InputError, ValueError):
        return value  # the command's own check names the problem
    if area.code != value and area.code.endswith("00") and not area.code.endswith("0000"):
        name = next((opt for opt in getattr(param, "opts", []) if opt.startswith("--")), param.name)
        click.echo(
            _("{option} {value} is a district of {area}: taken as its pooling area {code}").format(
                option=name, value=value, area=area, code=area.code
            ),
            err=True,
        )
        return area.code
    return value
