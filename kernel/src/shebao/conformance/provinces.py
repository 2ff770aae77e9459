"""Checks of province plugins: regions and the policy of every region and scheme they claim.

A province plugin *claims* the regions it lists (``shebao_regions``) and every installed
region it answers a policy for. For each claimed region it must answer for every scheme,
with values the use cases can compute with.

Checks of hooks that arrive later (catalogue, designated institutions, benefits by visit
type, institution level and retiree status) are registered here the same way.
"""

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from stdnum import numdb

from shebao import plugins as facade
from shebao.conformance.registry import Problem, Subject, province_check
from shebao.conformance.values import fen_problems, labelled, ratio_problems, text_problems
from shebao.errors import ShebaoError
from shebao.model.person import Scheme
from shebao.policy import CardPolicy, ContributionPolicy, Policy
from shebao.regions import Region, RegionLevel


def is_gb2260_code(code: str) -> bool:
    """Whether a 6-digit code is a GB/T 2260 province, prefecture or county (as stdnum knows them)."""
    parts = numdb.get("cn/loc").info(code)
    return len(parts) == 2 and bool(parts[0][1]) and bool(parts[1][1])


def _where_regions(subject: Subject) -> str:
    return f"{subject.name}.shebao_regions()"


def _where_policy(region: Region, scheme: Scheme, year: int) -> str:
    return f"shebao_policy({region.code}, {scheme.value}, {year})"


def other_plugins_regions(subject: Subject) -> dict[str, tuple[Region, str]]:
    """Regions listed by every other loaded plugin, by code, with the plugin's name."""
    found: dict[str, tuple[Region, str]] = {}
    for info in facade.plugin_infos():
        if info.name == subject.name or "shebao_regions" not in info.hooks:
            continue
        for region in facade.OwnHooks(info.name).regions():
            found.setdefault(region.code, (region, info.name))
    return found


def claimed_regions(subject: Subject) -> list[Region]:
    """The plugin's own regions, then the installed ones it answers a policy for."""
    own = subject.hooks.regions()
    if not subject.hooks.implements("shebao_policy"):
        return own
    codes = {region.code for region in own}
    installed = [region for region, _ in other_plugins_regions(subject).values() if region.code not in codes]
    answered = [r for r in installed if any(subject.hooks.policy(r, s, subject.year) is not None for s in Scheme)]
    return own + sorted(answered, key=lambda r: r.code)


def policies(subject: Subject) -> Iterator[tuple[str, Policy]]:
    """Each policy the plugin answers for a claimed region and scheme, with where it came from."""
    for region in claimed_regions(subject):
        for scheme in Scheme:
            answer = subject.hooks.policy(region, scheme, subject.year)
            if answer is not None:
                yield _where_policy(region, scheme, subject.year), answer


@province_check
def regions_are_gb2260_codes(subject: Subject) -> Iterator[Problem]:
    seen: set[str] = set()
    for region in subject.hooks.regions():
        where = f"{_where_regions(subject)}[{region.code}]"
        if region.code in seen:
            yield Problem(where, f"region {region.code} is listed twice")
        seen.add(region.code)
        if not is_gb2260_code(region.code):
            yield Problem(where, f"{region.code} is not a GB/T 2260 region code")
        yield from text_problems(where, region.name, "region name")


@province_check
def regions_agree_with_other_plugins(subject: Subject) -> Iterator[Problem]:
    others = other_plugins_regions(subject)
    own = {region.code: region for region in subject.hooks.regions()}
    for region in own.values():
        where = f"{_where_regions(subject)}[{region.code}]"
        if region.code in others and others[region.code][0] != region:
            other, plugin = others[region.code]
            yield Problem(where, f"{region} clashes with {other} listed by plugin '{plugin}'")
        province = region.province_code
        if region.level is RegionLevel.POOLING_AREA and province not in own and province not in others:
            yield Problem(where, f"pooling area {region.code} lies in province {province}, which no loaded plugin lists")


@province_check
def every_claimed_region_has_a_policy_for_every_scheme(subject: Subject) -> Iterator[Problem]:
    claimed = claimed_regions(subject)
    if subject.hooks.implements("shebao_policy") and not claimed:
        message = "answers a policy for no region: list its regions, or load the plugin that does"
        yield Problem(f"{subject.name}.shebao_policy", message)
    for region in claimed:
        for scheme in Scheme:
            where = _where_policy(region, scheme, subject.year)
            if subject.hooks.implements("shebao_policy"):
                if subject.hooks.policy(region, scheme, subject.year) is None:
                    yield Problem(where, f"claims region {region} but gives no {scheme.value} policy")
                continue
            try:  # a plugin listing regions without policy relies on another plugin for it
                facade.policy(region, scheme, subject.year)
            except ShebaoError as error:
                yield Problem(where, f"lists region {region} but no loaded plugin gives its policy: {error}")


@province_check
def policies_answer_what_was_asked(subject: Subject) -> Iterator[Problem]:
    for region in claimed_regions(subject):
        for scheme in Scheme:
            policy = subject.hooks.policy(region, scheme, subject.year)
            if policy is None:
                continue
            where = _where_policy(region, scheme, subject.year)
            if (policy.region, policy.scheme, policy.year) != (region.code, scheme, subject.year):
                yield Problem(where, f"answered the policy of {policy.region}, {policy.scheme.value}, {policy.year} instead")
            yield from text_problems(f"{where}.source", policy.source, "source (where the values come from)")


def _grouped(subject: Subject, part: str) -> dict[Any, list[str]]:
    """Distinct values of one sub-policy with the answers they appear in (one report per defect)."""
    found: dict[Any, list[str]] = defaultdict(list)
    for where, policy in policies(subject):
        found[getattr(policy, part)].append(f"{where}.{part}")
    return found


@province_check
def contribution_rates_are_sensible(subject: Subject) -> Iterator[Problem]:
    grouped: dict[ContributionPolicy, list[str]] = _grouped(subject, "contribution")
    for contribution, labels in grouped.items():
        where = labelled(labels)
        for name in ("employer_rate", "individual_rate", "account_share", "flexible_rate", "flexible_account_share"):
            yield from ratio_problems(f"{where}.{name}", getattr(contribution, name))
        yield from fen_problems(f"{where}.retiree_monthly_credit", contribution.retiree_monthly_credit)
        if contribution.employer_rate + contribution.individual_rate > 1:
            yield Problem(where, "employer and individual rates add up to more than the whole base")
        if contribution.account_share > contribution.individual_rate:
            yield Problem(where, "account_share > individual_rate: the account gets more than the employee pays")
        if contribution.flexible_account_share > contribution.flexible_rate:
            yield Problem(where, "flexible_account_share > flexible_rate: the account gets more than the worker pays")


@province_check
def card_policy_is_usable(subject: Subject) -> Iterator[Problem]:
    grouped: dict[CardPolicy, list[str]] = _grouped(subject, "card")
    channels = facade.payment_channels()
    for card, labels in grouped.items():
        where = labelled(labels)
        yield from fen_problems(f"{where}.first_card_fee", card.first_card_fee)
        if isinstance(card.production_working_days, bool) or not isinstance(card.production_working_days, int):
            yield Problem(f"{where}.production_working_days", "must be a whole number of working days")
        elif card.production_working_days < 0:
            yield Problem(f"{where}.production_working_days", "must not be negative")
        if len(set(card.collecting_banks)) != len(card.collecting_banks):
            yield Problem(f"{where}.collecting_banks", "lists a channel twice")
        if isinstance(card.first_card_fee, int) and card.first_card_fee > 0:
            if not card.collecting_banks:
                yield Problem(f"{where}.collecting_banks", "the card costs a fee but no channel collects it")
            yield from text_problems(f"{where}.payee_name", card.payee_name, "payee name for the payment notice")
            yield from text_problems(f"{where}.payee_account", card.payee_account, "payee account for the payment notice")
        # judged against the installed bank plugins, when there are any
        unknown = [code for code in card.collecting_banks if channels and code not in channels]
        if unknown:
            yield Problem(
                f"{where}.collecting_banks",
                f"no loaded plugin offers channel(s) {', '.join(unknown)} (offered: {', '.join(sorted(channels))})",
            )


def province_name(digits: str) -> str:
    """The name GB/T 2260 gives a province (as stdnum knows it), e.g. ``"44"`` → ``"广东省"``."""
    parts = numdb.get("cn/loc").info(digits + "0000")
    return str(parts[0][1].get("province", "")) if parts and parts[0][1] else ""
