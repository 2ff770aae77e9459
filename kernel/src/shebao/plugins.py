"""The plugin manager and the typed facade over every hook.

The kernel calls hooks only through this module (which calls them through
``shebao.hookcalls``: through pluggy, every answer checked against its hookspec); the
conformance kit calls one plugin alone through ``OwnHooks``. Each function here adds what
the kernel needs of a hook: a refusal naming the missing plugin when none answers, codes unique
across plugins, lookups by code. ``SHEBAO_TRACE_PLUGINS=1`` prints every hook call to stderr.
"""

import os
from collections.abc import Callable
from typing import Protocol, TypeVar

import attrs
import pluggy

from shebao import hookspecs
from shebao.convert import parse_input
from shebao.documents import Document, DocumentFormat
from shebao.errors import InputError, PluginError, RuleViolation
from shebao.hookcalls import Answer, GuardedPluginManager, Hooks, trace_hook_calls
from shebao.i18n import _
from shebao.markers import PROJECT
from shebao.model.catalogue import CatalogueItem
from shebao.model.filing import Filing
from shebao.model.institution import Institution
from shebao.model.payment import CollectedPayment, PaymentChannel, PaymentInstruction, PaymentNotice
from shebao.model.person import Scheme
from shebao.policy import Policy
from shebao.regions import Region, RegionCode, RegionLevel, province_of

T = TypeVar("T")

_pm: pluggy.PluginManager | None = None


def plugin_manager() -> pluggy.PluginManager:
    """The process's plugin manager, with installed plugins loaded once and checked."""
    global _pm
    if _pm is None:
        pm = GuardedPluginManager(PROJECT)
        if os.environ.get("SHEBAO_TRACE_PLUGINS"):
            trace_hook_calls(pm)
        pm.add_hookspecs(hookspecs)
        _load_entry_points(pm)
        pm.check_pending()
        _pm = pm
    return _pm


def _load_entry_points(pm: pluggy.PluginManager) -> None:
    """Load the ``shebao`` entry points; ``SHEBAO_LOAD_PLUGINS=a,b`` loads only those. A plugin
    that fails to import is named in one line on stderr and left out (``shebao plugins`` marks
    it); the others load. A name in ``SHEBAO_LOAD_PLUGINS`` that no distribution provides is
    warned about, not ignored."""
    import importlib.metadata
    import sys

    setting = os.environ.get("SHEBAO_LOAD_PLUGINS")
    wanted = None if setting is None else {part.strip() for part in setting.split(",") if part.strip()}
    offered: set[str] = set()
    for dist in importlib.metadata.distributions():
        for entry in dist.entry_points:
            if entry.group != PROJECT:
                continue
            offered.add(entry.name)
            if (wanted is not None and entry.name not in wanted) or pm.has_plugin(entry.name) or pm.is_blocked(entry.name):
                continue
            distribution = dist.metadata["Name"] or "?"
            try:
                plugin = entry.load()
            except Exception as error:  # a third party's defect: named, and the others still load
                problem = " ".join(f"{type(error).__name__}: {error}".split())
                BROKEN[entry.name] = (distribution, dist.version, problem)
                sys.stderr.write(
                    f"shebao: plugin '{entry.name}' ({distribution}) failed to import and is not loaded: {problem}\n"
                )
                continue
            pm.register(plugin, name=entry.name)
            DISTRIBUTIONS[entry.name] = (distribution, dist.version)
    for unknown in sorted((wanted or set()) - offered):
        sys.stderr.write(f"shebao: SHEBAO_LOAD_PLUGINS names '{unknown}', which no installed distribution provides\n")


# plugins loaded from entry points: name -> (distribution, version); broken ones with their error
DISTRIBUTIONS: dict[str, tuple[str, str]] = {}
BROKEN: dict[str, tuple[str, str, str]] = {}


def _every() -> Hooks:
    return Hooks(plugin_manager())


def _unique(hook_name: str, answers: list[Answer[T]], key: Callable[[T], str]) -> dict[str, T]:
    """Items by key; the same key with another value from another plugin names both plugins."""
    found: dict[str, Answer[T]] = {}
    for answer in answers:
        k = key(answer.value)
        if k in found and found[k].value != answer.value:
            raise PluginError(
                answer.plugin, hook_name, _("{k!r} is already provided by plugin '{plugin}'").format(k=k, plugin=found[k].plugin)
            )
        found.setdefault(k, answer)
    return {k: answer.value for k, answer in found.items()}


# ---- provinces -------------------------------------------------------------------------


def regions() -> dict[str, Region]:
    """Every region served by an installed plugin, by 6-digit code."""
    return _unique("shebao_regions", _every().collect_answers(hookspecs.shebao_regions), lambda r: r.code)


def region(code: str) -> Region:
    """The region for a GB/T 2260 code, with today's name: a province, or the pooling area a
    prefecture, county or district code belongs to. Every current code is known (from stdnum's
    data), whether or not a plugin serves it; a plugin's own region wins for its name."""
    from shebao import gbt2260

    normalized = parse_input(RegionCode, code, None).code
    served = regions()
    if normalized in served:
        return served[normalized]
    division = gbt2260.get(normalized)
    if division is None:
        raise InputError(_("unknown region {normalized}: not a GB/T 2260 code of any year").format(normalized=normalized))
    if not division.current:
        raise InputError(
            _("unknown region {normalized}: {name} is no longer a GB/T 2260 code (last in use {abolished_after})").format(
                normalized=normalized, name=division.name, abolished_after=division.abolished_after
            )
        )
    if division.level is gbt2260.Level.PROVINCE:
        return Region(normalized, division.name)
    pooling = gbt2260.pooling_area_code(normalized) or normalized
    if pooling in served:
        return served[pooling]
    area = gbt2260.get(pooling)
    return Region(pooling, area.name if area else division.name, RegionLevel.POOLING_AREA)


def missing_province_plugin(region_: Region) -> str:
    """What to install for a region no plugin serves: its province, by name and code."""
    from shebao import gbt2260

    province = gbt2260.get(province_of(region_.code))
    name = province.name if province else region_.code[:2]
    return _("no installed province plugin serves province {code} ({name}): install its plugin").format(
        code=region_.code[:2], name=name
    )


def policy(region_: Region, scheme: Scheme, year: int) -> Policy:
    """The insured place's policy; refused naming the missing plugin when none answers."""
    answer = _every().first(hookspecs.shebao_policy, region=region_, scheme=scheme, year=year)
    if answer is None:
        raise RuleViolation(
            "province-plugin",
            _("no installed plugin gives a {value} policy for {region_} in {year}; {missing_province_plugin}").format(
                value=scheme.value, region_=region_, year=year, missing_province_plugin=missing_province_plugin(region_)
            ),
        )
    return answer


def institutions() -> dict[str, tuple[Institution, str]]:
    """Every designated institution the installed plugins provide, by code, with the plugin's name
    (the same institution from two plugins is refused: its source would be ambiguous)."""
    answers = _every().collect_answers(hookspecs.shebao_institutions)
    pairs = [Answer((answer.value, answer.plugin), answer.plugin) for answer in answers]
    return _unique("shebao_institutions", pairs, lambda pair: pair[0].code)


def review_filing(filing: Filing, policy_: Policy) -> list[str]:
    """The province plugins' own problems with a filing, each suffixed with the plugin's name."""
    answers = _every().collect_answers(hookspecs.shebao_review_filing, filing=filing, policy=policy_)
    return [f"{answer.value} ({answer.plugin})" for answer in answers]


def catalogue(region_: Region, year: int) -> dict[str, CatalogueItem]:
    """The treatment place's catalogue by item code; refused when no plugin gives one."""
    answer = _every().first_answer(hookspecs.shebao_catalogue, region=region_, year=year)
    if answer is None:
        raise RuleViolation(
            "province-plugin",
            _("no installed plugin gives the catalogue of {region_} in {year}; {missing_province_plugin}").format(
                region_=region_, year=year, missing_province_plugin=missing_province_plugin(region_)
            ),
        )
    found: dict[str, CatalogueItem] = {}
    for item in answer.value:
        if item.code in found:
            raise PluginError(answer.plugin, "shebao_catalogue", _("lists item {code!r} twice").format(code=item.code))
        found[item.code] = item
    return found


# ---- banks -----------------------------------------------------------------------------


def payment_channels() -> dict[str, PaymentChannel]:
    return _unique("shebao_payment_channels", _every().collect_answers(hookspecs.shebao_payment_channels), lambda c: c.code)


def payment_channel(code: str) -> PaymentChannel:
    channels = payment_channels()
    if code not in channels:
        known = ", ".join(sorted(channels)) or "none installed"
        raise InputError(_("unknown payment channel {code!r} (known: {known})").format(code=code, known=known))
    return channels[code]


def payment_instruction(channel: PaymentChannel, notice: PaymentNotice) -> PaymentInstruction:
    answer = _every().first(hookspecs.shebao_payment_instruction, channel=channel, notice=notice)
    if answer is None:
        raise RuleViolation(
            "bank-plugin", _("no installed plugin gives instructions for channel {code}").format(code=channel.code)
        )
    return answer


def parse_statement(channel: PaymentChannel, content: bytes) -> list[CollectedPayment]:
    """Parse a statement; a plugin's ``ValueError`` about the file is bad input (exit 2)."""
    answer = _every().first(hookspecs.shebao_parse_statement, channel=channel, content=content)
    if answer is None:
        raise RuleViolation("bank-plugin", _("no installed plugin reads statements of channel {code}").format(code=channel.code))
    return list(answer)


def statement_sample(channel: PaymentChannel, payments: list[CollectedPayment]) -> bytes:
    """A statement file of ``channel`` listing exactly ``payments``, as its bank would write it."""
    answer = _every().first(hookspecs.shebao_statement_sample, channel=channel, payments=payments)
    if answer is None:
        raise RuleViolation("bank-plugin", _("no installed plugin writes statements of channel {code}").format(code=channel.code))
    return answer


def bank_card_issuer(card_number: str) -> str | None:
    """The bank that issued a card, by its BIN prefix; ``None`` when no plugin knows it."""
    return _every().first(hookspecs.shebao_bank_card_issuer, card_number=card_number)


# ---- printers --------------------------------------------------------------------------


def document_formats() -> dict[str, DocumentFormat]:
    return _unique("shebao_document_formats", _every().collect_answers(hookspecs.shebao_document_formats), lambda f: f.name)


def render(document: Document, format: str) -> tuple[bytes, DocumentFormat]:
    """Render a document; an unknown format is refused with the list of known ones."""
    formats = document_formats()
    if format not in formats:
        known = ", ".join(sorted(formats)) or "none installed"
        raise InputError(_("unknown format {format!r} (known: {known})").format(format=format, known=known))
    answer = _every().first(hookspecs.shebao_render_document, document=document, format=format)
    if answer is None:
        raise RuleViolation(
            "printer-plugin",
            _("no installed plugin renders {value} as {format}").format(value=document.kind.value, format=format),
        )
    return answer, formats[format]


# ---- listing ---------------------------------------------------------------------------


@attrs.frozen
class PluginInfo:
    name: str
    hooks: tuple[str, ...]
    distribution: str | None
    version: str | None
    broken: str | None = None  # why it failed to import; then it has no hooks


def plugin_infos() -> list[PluginInfo]:
    """Every loaded plugin with its hooks and the distribution it came from, and every plugin
    that failed to import, marked with its error."""
    pm = plugin_manager()
    infos = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue
        callers = pm.get_hookcallers(plugin) or []
        distribution, version = DISTRIBUTIONS.get(name, (None, None))
        infos.append(PluginInfo(name, tuple(sorted(caller.name for caller in callers)), distribution, version))
    for name, (distribution, version, problem) in BROKEN.items():
        infos.append(PluginInfo(name, (), distribution, version, broken=problem))
    return sorted(infos, key=lambda info: info.name)


# ---- one plugin on its own (the conformance kit) ---------------------------------------


class OwnHooks(Hooks):
    """One loaded plugin's own hook implementations, called through pluggy without the others.

    The conformance kit checks a plugin in isolation through this: a hook the plugin does not
    implement answers as if no plugin did (``None``, ``[]``); answers are checked and failures
    named as for the whole kernel.
    """

    def __init__(self, name: str) -> None:
        pm = plugin_manager()
        plugin = pm.get_plugin(name)
        if plugin is None:
            loaded = ", ".join(sorted(n for n, p in pm.list_name_plugin() if p is not None)) or "none"
            raise InputError(
                _("no plugin named {name!r} is loaded (loaded: {loaded}; check SHEBAO_LOAD_PLUGINS)").format(
                    name=name, loaded=loaded
                )
            )
        super().__init__(pm, alone=plugin)
        self.name = name
        self._plugin = plugin
        callers = pm.get_hookcallers(plugin) or []
        self.hooks = frozenset(caller.name for caller in callers)
        # a hookimpl with no hookspec is a misspelling the kernel would never call
        self.unknown_hooks = tuple(sorted(caller.name for caller in callers if caller.spec is None))

    def implements(self, hook_name: str) -> bool:
        return hook_name in self.hooks

    def bank_card_bins(self) -> tuple[str, ...]:
        """The BIN prefixes the plugin exposes as its optional ``bank_card_bins`` attribute
        (a module constant or an object's attribute), so the kit can make card numbers of them."""
        bins = getattr(self._plugin, "bank_card_bins", ())
        if not isinstance(bins, (list, tuple)) or not all(isinstance(prefix, str) for prefix in bins):
            raise PluginError(
                self.name, "bank_card_bins", _("must be a tuple of BIN prefixes (str), not {bins!r}").format(bins=bins)
            )
        return tuple(bins)


class Facade(Protocol):
    """The typed facade as a use case is given it, beside its unit of work: this module itself
    (the installed plugins, called through pluggy) unless a caller or a test gives its own."""

    def regions(self) -> dict[str, Region]: ...

    def region(self, code: str, /) -> Region: ...

    def policy(self, region_: Region, scheme: Scheme, year: int, /) -> Policy: ...

    def institutions(self) -> dict[str, tuple[Institution, str]]: ...

    def review_filing(self, filing: Filing, policy_: Policy, /) -> list[str]: ...

    def catalogue(self, region_: Region, year: int, /) -> dict[str, CatalogueItem]: ...

    def payment_channels(self) -> dict[str, PaymentChannel]: ...

    def payment_channel(self, code: str, /) -> PaymentChannel: ...

    def parse_statement(self, channel: PaymentChannel, content: bytes, /) -> list[CollectedPayment]: ...

    def bank_card_issuer(self, card_number: str, /) -> str | None: ...
