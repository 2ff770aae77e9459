"""The plugin manager and the typed facade over every hook.

This is the only module that calls ``pm.hook.*``. Each function calls one hook with
keyword arguments, checks the type of every answer, names the plugin that failed or
answered nonsense, and returns typed values to the rest of the kernel.
"""

import os
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import attrs
import pluggy

from shebao import hookspecs
from shebao.documents import Document, DocumentFormat
from shebao.errors import InputError, PluginError, RuleViolation, ShebaoError
from shebao.markers import PROJECT
from shebao.model.catalogue import CatalogueItem
from shebao.model.filing import Filing
from shebao.model.institution import Institution
from shebao.model.payment import CollectedPayment, PaymentChannel, PaymentInstruction, PaymentNotice
from shebao.model.person import Scheme
from shebao.policy import Policy
from shebao.regions import Region, RegionLevel, normalize_region_code, province_of

T = TypeVar("T")

_pm: pluggy.PluginManager | None = None


def plugin_manager() -> pluggy.PluginManager:
    """The process's plugin manager, with installed plugins loaded once and checked."""
    global _pm
    if _pm is None:
        pm = pluggy.PluginManager(PROJECT)
        pm.add_hookspecs(hookspecs)
        _load_entry_points(pm)
        pm.check_pending()
        _pm = pm
    return _pm


def _load_entry_points(pm: pluggy.PluginManager) -> None:
    """Load the ``shebao`` entry points; ``SHEBAO_LOAD_PLUGINS=a,b`` loads only those."""
    setting = os.environ.get("SHEBAO_LOAD_PLUGINS")
    if setting is None:
        pm.load_setuptools_entrypoints(PROJECT)
        return
    for name in (part.strip() for part in setting.split(",")):
        if name:
            pm.load_setuptools_entrypoints(PROJECT, name=name)


# ---- calling hooks ---------------------------------------------------------------------


def _impls(hook_name: str) -> list[pluggy.HookImpl]:
    caller: pluggy.HookCaller = getattr(plugin_manager().hook, hook_name)
    # pluggy calls the most recently registered (and tryfirst) implementations first
    return list(reversed(caller.get_hookimpls()))


def _run(impl: pluggy.HookImpl, hook_name: str, kwargs: dict[str, object], input_errors: bool) -> object:
    arguments = {name: kwargs[name] for name in impl.argnames}
    try:
        return impl.function(**arguments)
    except ShebaoError:
        raise
    except ValueError as error:
        if input_errors:
            raise InputError(str(error)) from error
        raise PluginError(impl.plugin_name, hook_name, f"{type(error).__name__}: {error}") from error
    except Exception as error:  # named and re-raised: the use case fails whole
        raise PluginError(impl.plugin_name, hook_name, f"{type(error).__name__}: {error}") from error


def _first(
    hook_name: str, expected: type[T] | tuple[type, ...], input_errors: bool = False, **kwargs: object
) -> tuple[T, str] | None:
    """Call a firstresult hook; return the first non-None answer and the plugin's name."""
    for impl in _impls(hook_name):
        result = _run(impl, hook_name, kwargs, input_errors)
        if result is None:
            continue
        if not isinstance(result, expected):
            raise PluginError(impl.plugin_name, hook_name, f"answered {type(result).__name__}, not {expected}")
        return result, impl.plugin_name  # type: ignore[return-value]
    return None


def _collect(hook_name: str, item_type: type[T], **kwargs: object) -> Iterator[tuple[T, str]]:
    """Call a collecting hook; yield each item of each plugin's list with the plugin's name."""
    for impl in _impls(hook_name):
        result = _run(impl, hook_name, kwargs, input_errors=False)
        if result is None:
            continue
        if not isinstance(result, (list, tuple)):
            raise PluginError(impl.plugin_name, hook_name, f"answered {type(result).__name__}, not a list")
        for item in result:
            if not isinstance(item, item_type):
                raise PluginError(impl.plugin_name, hook_name, f"listed {type(item).__name__}, not {item_type.__name__}")
            yield item, impl.plugin_name


def _unique(hook_name: str, items: Iterator[tuple[T, str]], key: Callable[[T], str]) -> dict[str, T]:
    found: dict[str, T] = {}
    owner: dict[str, str] = {}
    for item, plugin in items:
        k = key(item)
        if k in found and found[k] != item:
            raise PluginError(plugin, hook_name, f"{k!r} is already provided by plugin '{owner[k]}'")
        found.setdefault(k, item)
        owner.setdefault(k, plugin)
    return found


# ---- provinces -------------------------------------------------------------------------


def regions() -> dict[str, Region]:
    """Every region served by an installed plugin, by 6-digit code."""
    return _unique("shebao_regions", _collect("shebao_regions", Region), lambda r: r.code)


def region(code: str) -> Region:
    """The region for a GB/T 2260 code, with today's name: a province, or the pooling area a
    prefecture, county or district code belongs to. Every current code is known (from stdnum's
    data), whether or not a plugin serves it; a plugin's own region wins for its name."""
    from shebao import gbt2260

    try:
        normalized = normalize_region_code(code)
    except ValueError as error:
        raise InputError(str(error)) from None
    served = regions()
    if normalized in served:
        return served[normalized]
    division = gbt2260.get(normalized)
    if division is None:
        raise InputError(f"unknown region {normalized}: not a GB/T 2260 code of any year")
    if not division.current:
        raise InputError(
            f"unknown region {normalized}: {division.name} is no longer a GB/T 2260 code (last in use {division.abolished_after})"
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
    return f"no installed province plugin serves province {region_.code[:2]} ({name}): install its plugin"


def policy(region_: Region, scheme: Scheme, year: int) -> Policy:
    """The insured place's policy; refused naming the missing plugin when none answers."""
    answer = _first("shebao_policy", Policy, region=region_, scheme=scheme, year=year)
    if answer is None:
        raise RuleViolation(
            "province-plugin",
            f"no installed plugin gives a {scheme.value} policy for {region_} in {year};"
            f" {missing_province_plugin(region_)}",
        )
    return answer[0]


def institutions() -> dict[str, tuple[Institution, str]]:
    """Every designated institution the installed plugins provide, by code, with the plugin's name."""
    pairs = ((pair, pair[1]) for pair in _collect("shebao_institutions", Institution))
    return _unique("shebao_institutions", pairs, lambda pair: pair[0].code)


def review_filing(filing: Filing, policy_: Policy) -> list[str]:
    """The province plugins' own problems with a filing, each prefixed with the plugin's name."""
    return [f"{problem} ({plugin})" for problem, plugin in _collect("shebao_review_filing", str, filing=filing, policy=policy_)]


def catalogue(region_: Region, year: int) -> dict[str, CatalogueItem]:
    """The treatment place's catalogue by item code; refused when no plugin gives one."""
    answer = _first("shebao_catalogue", list, region=region_, year=year)
    if answer is None:
        raise RuleViolation(
            "province-plugin",
            f"no installed plugin gives the catalogue of {region_} in {year}; {missing_province_plugin(region_)}",
        )
    items, plugin = answer
    found: dict[str, CatalogueItem] = {}
    for item in items:
        if not isinstance(item, CatalogueItem):
            raise PluginError(plugin, "shebao_catalogue", f"listed {type(item).__name__}, not CatalogueItem")
        if item.code in found:
            raise PluginError(plugin, "shebao_catalogue", f"lists item {item.code!r} twice")
        found[item.code] = item
    return found


# ---- banks -----------------------------------------------------------------------------


def payment_channels() -> dict[str, PaymentChannel]:
    return _unique("shebao_payment_channels", _collect("shebao_payment_channels", PaymentChannel), lambda c: c.code)


def payment_channel(code: str) -> PaymentChannel:
    channels = payment_channels()
    if code not in channels:
        known = ", ".join(sorted(channels)) or "none installed"
        raise InputError(f"unknown payment channel {code!r} (known: {known})")
    return channels[code]


def payment_instruction(channel: PaymentChannel, notice: PaymentNotice) -> PaymentInstruction:
    answer = _first("shebao_payment_instruction", PaymentInstruction, channel=channel, notice=notice)
    if answer is None:
        raise RuleViolation("bank-plugin", f"no installed plugin gives instructions for channel {channel.code}")
    return answer[0]


def parse_statement(channel: PaymentChannel, content: bytes) -> list[CollectedPayment]:
    """Parse a statement; a plugin's ``ValueError`` about the file is bad input (exit 2)."""
    answer = _first("shebao_parse_statement", list, input_errors=True, channel=channel, content=content)
    if answer is None:
        raise RuleViolation("bank-plugin", f"no installed plugin reads statements of channel {channel.code}")
    payments, plugin = answer
    for payment in payments:
        if not isinstance(payment, CollectedPayment):
            raise PluginError(plugin, "shebao_parse_statement", f"listed {type(payment).__name__}, not CollectedPayment")
    return list(payments)


def statement_sample(channel: PaymentChannel, payments: list[CollectedPayment]) -> bytes:
    """A statement file of ``channel`` listing exactly ``payments``, as its bank would write it."""
    answer = _first("shebao_statement_sample", bytes, channel=channel, payments=payments)
    if answer is None:
        raise RuleViolation("bank-plugin", f"no installed plugin writes statements of channel {channel.code}")
    return answer[0]


def bank_card_issuer(card_number: str) -> str | None:
    """The bank that issued a card, by its BIN prefix; ``None`` when no plugin knows it."""
    answer = _first("shebao_bank_card_issuer", str, card_number=card_number)
    return answer[0] if answer is not None else None


# ---- printers --------------------------------------------------------------------------


def document_formats() -> dict[str, DocumentFormat]:
    return _unique("shebao_document_formats", _collect("shebao_document_formats", DocumentFormat), lambda f: f.name)


def render(document: Document, format: str) -> tuple[bytes, DocumentFormat]:
    """Render a document; an unknown format is refused with the list of known ones."""
    formats = document_formats()
    if format not in formats:
        known = ", ".join(sorted(formats)) or "none installed"
        raise InputError(f"unknown format {format!r} (known: {known})")
    answer = _first("shebao_render_document", bytes, document=document, format=format)
    if answer is None:
        raise RuleViolation("printer-plugin", f"no installed plugin renders {document.kind.value} as {format}")
    return answer[0], formats[format]


# ---- listing ---------------------------------------------------------------------------


@attrs.frozen
class PluginInfo:
    name: str
    hooks: tuple[str, ...]
    distribution: str | None
    version: str | None


def plugin_infos() -> list[PluginInfo]:
    """Every loaded plugin with its hooks and the distribution it came from."""
    pm = plugin_manager()
    dists: dict[int, Any] = {id(plugin): dist for plugin, dist in pm.list_plugin_distinfo()}
    infos = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue
        callers = pm.get_hookcallers(plugin) or []
        dist = dists.get(id(plugin))
        infos.append(
            PluginInfo(
                name=name,
                hooks=tuple(sorted(caller.name for caller in callers)),
                distribution=dist.project_name if dist is not None else None,
                version=dist.version if dist is not None else None,
            )
        )
    return sorted(infos, key=lambda info: info.name)


# ---- one plugin on its own (the conformance kit) ---------------------------------------


class OwnHooks:
    """One loaded plugin's own hook implementations, called directly, bypassing the others.

    The conformance kit checks a plugin in isolation through this: each method calls the
    plugin's implementation (or answers "not implemented": ``[]`` / ``None``), checks the
    type of the answer and raises ``PluginError`` naming the plugin, as the facade does.
    A ``ValueError`` from ``parse_statement`` becomes ``InputError``, as for a real import.
    """

    def __init__(self, name: str) -> None:
        pm = plugin_manager()
        plugin = pm.get_plugin(name)
        if plugin is None:
            loaded = ", ".join(sorted(n for n, p in pm.list_name_plugin() if p is not None)) or "none"
            raise InputError(f"no plugin named {name!r} is loaded (loaded: {loaded}; check SHEBAO_LOAD_PLUGINS)")
        self.name = name
        self._plugin = plugin
        self._impls: dict[str, pluggy.HookImpl] = {
            caller.name: impl
            for caller in pm.get_hookcallers(plugin) or []
            for impl in caller.get_hookimpls()
            if impl.plugin_name == name
        }
        # a hookimpl with no hookspec is a misspelling the kernel would never call
        self.unknown_hooks = tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or [] if caller.spec is None))

    @property
    def hooks(self) -> frozenset[str]:
        return frozenset(self._impls)

    def implements(self, hook_name: str) -> bool:
        return hook_name in self._impls

    def _call(self, hook_name: str, expected: type | tuple[type, ...], input_errors: bool = False, **kwargs: object) -> object:
        impl = self._impls.get(hook_name)
        if impl is None:
            return None
        result = _run(impl, hook_name, kwargs, input_errors)
        if result is not None and not isinstance(result, expected):
            raise PluginError(self.name, hook_name, f"answered {type(result).__name__}, not {expected}")
        return result

    def _list(self, hook_name: str, item_type: type[T], input_errors: bool = False, **kwargs: object) -> list[T] | None:
        result = self._call(hook_name, (list, tuple), input_errors, **kwargs)
        if not isinstance(result, (list, tuple)):
            return None
        for item in result:
            if not isinstance(item, item_type):
                raise PluginError(self.name, hook_name, f"listed {type(item).__name__}, not {item_type.__name__}")
        return list(result)

    def regions(self) -> list[Region]:
        return self._list("shebao_regions", Region) or []

    def policy(self, region_: Region, scheme: Scheme, year: int) -> Policy | None:
        result = self._call("shebao_policy", Policy, region=region_, scheme=scheme, year=year)
        return result if isinstance(result, Policy) else None

    def catalogue(self, region_: Region, year: int) -> list[CatalogueItem] | None:
        return self._list("shebao_catalogue", CatalogueItem, region=region_, year=year)

    def institutions(self) -> list[Institution]:
        return self._list("shebao_institutions", Institution) or []

    def review_filing(self, filing: Filing, policy_: Policy) -> list[str]:
        return self._list("shebao_review_filing", str, filing=filing, policy=policy_) or []

    def payment_channels(self) -> list[PaymentChannel]:
        return self._list("shebao_payment_channels", PaymentChannel) or []

    def payment_instruction(self, channel: PaymentChannel, notice: PaymentNotice) -> PaymentInstruction | None:
        result = self._call("shebao_payment_instruction", PaymentInstruction, channel=channel, notice=notice)
        return result if isinstance(result, PaymentInstruction) else None

    def parse_statement(self, channel: PaymentChannel, content: bytes) -> list[CollectedPayment] | None:
        return self._list("shebao_parse_statement", CollectedPayment, input_errors=True, channel=channel, content=content)

    def statement_sample(self, channel: PaymentChannel, payments: list[CollectedPayment]) -> bytes | None:
        result = self._call("shebao_statement_sample", bytes, channel=channel, payments=payments)
        return result if isinstance(result, bytes) else None

    def bank_card_issuer(self, card_number: str) -> str | None:
        result = self._call("shebao_bank_card_issuer", str, card_number=card_number)
        return result if isinstance(result, str) else None

    def bank_card_bins(self) -> tuple[str, ...]:
        """The BIN prefixes the plugin exposes as its optional ``bank_card_bins`` attribute
        (a module constant or an object's attribute), so the kit can make card numbers of them."""
        bins = getattr(self._plugin, "bank_card_bins", ())
        if not isinstance(bins, (list, tuple)) or not all(isinstance(prefix, str) for prefix in bins):
            raise PluginError(self.name, "bank_card_bins", f"must be a tuple of BIN prefixes (str), not {bins!r}")
        return tuple(bins)

    def document_formats(self) -> list[DocumentFormat]:
        return self._list("shebao_document_formats", DocumentFormat) or []

    def render_document(self, document: Document, format: str) -> bytes | None:
        result = self._call("shebao_render_document", bytes, document=document, format=format)
        return result if isinstance(result, bytes) else None
