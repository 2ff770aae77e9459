"""Calling hooks through pluggy, typed and checked by their hookspecs.

Every call goes through pluggy's own hook caller, so a plugin's ``wrapper=True``
implementation and ``pm.add_hookcall_monitoring`` see it like any other. Beneath them each
implementation runs guarded: an exception becomes ``PluginError`` naming its plugin (the use
case then fails whole), and its answer is noted with the plugin's name, so an answer the
kernel cannot use is blamed on the plugin that gave it. What an answer must be is read from
the hookspec's return annotation: ``Policy | None``, ``list[Region]``, ``bytes | None``...
"""

import functools
import sys
import types
import typing
from collections.abc import Callable, Generator, Mapping, Sequence
from contextvars import ContextVar
from pprint import pformat
from typing import Generic, ParamSpec, TypeVar

import attrs
import pluggy

from shebao.errors import InputError, PluginError, ShebaoError
from shebao.hookspecs import READS_OUTSIDE_INPUT
from shebao.i18n import _

P = ParamSpec("P")
R = TypeVar("R")

# (plugin, answer) of each implementation that answered during the current typed call
_ANSWERS: ContextVar[list[tuple[str, object]] | None] = ContextVar("shebao_hook_answers", default=None)


@attrs.frozen
class Answer(Generic[R]):
    """One answer of a hook (for a collecting hook: one item of a plugin's list) and who gave it."""

    value: R
    plugin: str


class GuardedPluginManager(pluggy.PluginManager):
    """pluggy's plugin manager, running every implementation guarded (see the module's docstring)."""

    def __init__(self, project_name: str) -> None:
        super().__init__(project_name)
        self._guarded: dict[pluggy.HookImpl, pluggy.HookImpl] = {}
        self._run_unguarded = self._inner_hookexec
        # beneath any monitoring added later, so monitors see the plugins' own implementations
        self._inner_hookexec = self._run_guarded

    def _run_guarded(
        self, hook_name: str, hook_impls: Sequence[pluggy.HookImpl], caller_kwargs: Mapping[str, object], firstresult: bool
    ) -> object:
        guarded = [self._guarded.get(impl) or self._guard(hook_name, impl) for impl in hook_impls]
        return self._run_unguarded(hook_name, guarded, caller_kwargs, firstresult)

    def unregister(self, plugin: object | None = None, name: str | None = None) -> object | None:
        removed = super().unregister(plugin, name)
        self._guarded = {impl: guarded for impl, guarded in self._guarded.items() if impl.plugin is not removed}
        return removed

    def _guard(self, hook_name: str, impl: pluggy.HookImpl) -> pluggy.HookImpl:
        def named(error: Exception) -> ShebaoError:
            if hook_name in READS_OUTSIDE_INPUT and isinstance(error, ValueError):
                return InputError(str(error))
            return PluginError(impl.plugin_name, hook_name, f"{type(error).__name__}: {error}")

        wraps = impl.wrapper or impl.hookwrapper
        function = _guarded_wrapper(impl.function, named) if wraps else _guarded_call(impl.function, impl.plugin_name, named)
        self._guarded[impl] = guarded = pluggy.HookImpl(impl.plugin, impl.plugin_name, function, impl.opts)
        return guarded


def _guarded_call(
    function: Callable[..., object], plugin: str, named: Callable[[Exception], ShebaoError]
) -> Callable[..., object]:
    @functools.wraps(function)  # keeps the signature: pluggy passes the arguments by their names in it
    def guarded(*args: object, **kwargs: object) -> object:
        try:
            answer = function(*args, **kwargs)
        except ShebaoError:
            raise
        except Exception as error:  # named and re-raised: the use case fails whole
            raise named(error) from error
        noted = _ANSWERS.get()
        if noted is not None:
            noted.append((plugin, answer))
        return answer

    return guarded


def _guarded_wrapper(
    function: Callable[..., object], named: Callable[[Exception], ShebaoError]
) -> Callable[..., Generator[object, object, object]]:
    @functools.wraps(function)
    def guarded(*args: object, **kwargs: object) -> Generator[object, object, object]:
        try:  # what the inner implementations raised is already named and passes through
            return (yield from typing.cast(Generator[object, object, object], function(*args, **kwargs)))
        except ShebaoError:
            raise
        except Exception as error:
            raise named(error) from error

    return guarded


class Hooks:
    """Typed calls of the hookspecs through pluggy: on every plugin, or on one alone.

    A spec is passed as itself (``hooks.first(hookspecs.shebao_policy, region=..., ...)``),
    so mypy checks the arguments against its signature and types the answer by it.
    """

    def __init__(self, pm: pluggy.PluginManager, alone: object | None = None) -> None:
        self._pm = pm
        self._alone = alone

    def _call(
        self, spec: Callable[..., object], firstresult: bool, args: tuple[object, ...], kwargs: dict[str, object]
    ) -> tuple[object, list[tuple[str, object]], pluggy.HookCaller]:
        if args:
            raise TypeError(f"{spec.__name__}: hooks take keyword arguments only")
        caller: pluggy.HookCaller = getattr(self._pm.hook, spec.__name__)
        assert caller.spec is not None and caller.spec.opts["firstresult"] == firstresult, spec.__name__
        noted: list[tuple[str, object]] = []
        token = _ANSWERS.set(noted)
        try:
            if self._alone is None:
                return caller(**kwargs), noted, caller
            # pluggy's own executor on this plugin's implementations (subset_hook_caller would
            # need plugins to be hashable, and a plugin object need not be)
            impls = [impl for impl in caller.get_hookimpls() if impl.plugin is self._alone]
            return self._pm._hookexec(caller.name, impls, kwargs, firstresult), noted, caller
        finally:
            _ANSWERS.reset(token)

    def first_answer(self, spec: Callable[P, R | None], /, *args: P.args, **kwargs: P.kwargs) -> Answer[R] | None:
        """Call a firstresult hook: the first answer that is not ``None``, checked, with its plugin."""
        result, noted, caller = self._call(spec, True, args, kwargs)
        if result is None:
            return None
        plugin = _owner(result, noted, caller)
        _check_answer(spec, plugin, result)
        return Answer(typing.cast(R, result), plugin)

    def first(self, spec: Callable[P, R | None], /, *args: P.args, **kwargs: P.kwargs) -> R | None:
        answer = self.first_answer(spec, *args, **kwargs)
        return None if answer is None else answer.value

    def collect_answers(self, spec: Callable[P, list[R]], /, *args: P.args, **kwargs: P.kwargs) -> list[Answer[R]]:
        """Call a collecting hook: every item of every plugin's list, checked, each with its plugin."""
        results, noted, caller = self._call(spec, False, args, kwargs)
        items: list[Answer[R]] = []
        for result in typing.cast(list[object], results):
            plugin = _owner(result, noted, caller)
            _check_answer(spec, plugin, result)
            items.extend(Answer(item, plugin) for item in typing.cast(list[R], result))
        return items

    def collect(self, spec: Callable[P, list[R]], /, *args: P.args, **kwargs: P.kwargs) -> list[R]:
        return [answer.value for answer in self.collect_answers(spec, *args, **kwargs)]


def _owner(result: object, noted: list[tuple[str, object]], caller: pluggy.HookCaller) -> str:
    """The plugin whose implementation gave ``result``; else the wrappers, one of which made it."""
    for plugin, answer in noted:
        if answer is result:
            return plugin
    wrappers = [impl.plugin_name for impl in caller.get_hookimpls() if impl.wrapper or impl.hookwrapper]
    return " or ".join(wrappers) or "unknown"


@functools.cache
def _expected(spec: Callable[..., object]) -> tuple[type, bool]:
    """What the spec's return annotation asks for: a class, and whether a list of it."""
    hint = typing.get_type_hints(spec)["return"]
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        (hint,) = (option for option in typing.get_args(hint) if option is not type(None))
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        return item, True
    return hint, False


def _check_answer(spec: Callable[..., object], plugin: str, answer: object) -> None:
    expected, is_list = _expected(spec)
    if not is_list:
        if not isinstance(answer, expected):
            raise PluginError(
                plugin,
                spec.__name__,
                _("answered {name__}, not {name__2}").format(name__=type(answer).__name__, name__2=expected.__name__),
            )
        return
    if not isinstance(answer, (list, tuple)):
        raise PluginError(plugin, spec.__name__, _("answered {name__}, not a list").format(name__=type(answer).__name__))
    for item in answer:
        if not isinstance(item, expected):
            raise PluginError(
                plugin,
                spec.__name__,
                _("listed {name__}, not {name__2}").format(name__=type(item).__name__, name__2=expected.__name__),
            )


# ---- tracing (SHEBAO_TRACE_PLUGINS=1) ------------------------------------------------------


def trace_hook_calls(pm: pluggy.PluginManager) -> Callable[[], None]:
    """Print every hook call to stderr: its arguments, the implementations asked, the results
    (as datasette's DATASETTE_TRACE_PLUGINS does). Returns the function that stops it."""

    def before(hook_name: str, impls: Sequence[pluggy.HookImpl], kwargs: Mapping[str, object]) -> None:
        print(f"\n{hook_name}:", file=sys.stderr)
        print(_shown(dict(kwargs)), file=sys.stderr)
        print("Hook implementations:", ", ".join(impl.plugin_name for impl in reversed(impls)) or "none", file=sys.stderr)

    def after(
        outcome: pluggy.Result[object], hook_name: str, impls: Sequence[pluggy.HookImpl], kwargs: Mapping[str, object]
    ) -> None:
        if outcome.exception is not None:
            print(f"Raised: {type(outcome.exception).__name__}: {outcome.exception}", file=sys.stderr)
            return
        print("Results:", file=sys.stderr)
        print(_shown(outcome.get_result()), file=sys.stderr)

    return pm.add_hookcall_monitoring(before, after)


_SHOWN_ITEMS = 5  # a catalogue has thousands of items: show the first few and how many more


def _shown(value: object) -> str:
    return pformat(_shortened(value), width=100)


def _shortened(value: object) -> object:
    if isinstance(value, dict):
        return {key: _shortened(item) for key, item in value.items()}
    if isinstance(value, list):
        more = [f"... {len(value) - _SHOWN_ITEMS} more"] if len(value) > _SHOWN_ITEMS else []
        return [_shortened(item) for item in value[:_SHOWN_ITEMS]] + more
    return value
