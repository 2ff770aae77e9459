"""Checks of province plugins: regions, policy, catalogue, designated institutions, filing review.

A province plugin *claims* the regions it lists (``shebao_regions``) and every installed
region it answers a policy or a catalogue for. For each claimed region it must answer for
every scheme, with values the use cases can compute with (contribution, card, filing,
benefits), and the region must have a catalogue (its own, or another loaded plugin's). Its
designated institutions lie in its own province. It answers ``None`` (or no problem) for a
region that is not its own.
"""

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from stdnum import numdb

from shebao import plugins as facade
from shebao.conformance import samples
from shebao.conformance.registry import Problem, Subject, province_check
from shebao.conformance.values import fen_problems, labelled, ratio_problems, text_problems
from shebao.errors import ShebaoError
from shebao.hookspecs import shebao_catalogue, shebao_institutions, shebao_policy, shebao_regions, shebao_review_filing
from shebao.model.catalogue import CatalogueItem, Category
from shebao.model.filing import FilingCategory, FilingDocument
from shebao.model.institution import (
    Institution,
    InstitutionGrade,
    InstitutionKind,
    InstitutionLevel,
    InstitutionStatus,
    Service,
)
from shebao.model.person import Scheme
from shebao.model.settlement import SupplementaryKind, VisitType
from shebao.money import yuan
from shebao.policy import (
    MINIMUM_TEMPORARY_VALIDITY_MONTHS,
    AccountPayable,
    BenefitPolicy,
    BenefitTier,
    CardPolicy,
    ContributionPolicy,
    FilingPolicy,
    Policy,
)
from shebao.regions import Region, RegionLevel, province_of


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
        for region in facade.OwnHooks(info.name).collect(shebao_regions):
            found.setdefault(region.code, (region, info.name))
    return found


def claimed_regions(subject: Subject) -> list[Region]:
    """The plugin's own regions, then the installed ones it answers a policy for (a plugin
    without policy: those it answers a catalogue for)."""
    own = subject.hooks.collect(shebao_regions)
    hooks, year = subject.hooks, subject.year
    if not (hooks.implements("shebao_policy") or hooks.implements("shebao_catalogue")):
        return own
    codes = {region.code for region in own}
    installed = [region for region, _ in other_plugins_regions(subject).values() if region.code not in codes]
    if hooks.implements("shebao_policy"):
        answered = [
            r for r in installed if any(hooks.first(shebao_policy, region=r, scheme=s, year=year) is not None for s in Scheme)
        ]
    else:
        answered = [r for r in installed if hooks.first(shebao_catalogue, region=r, year=year) is not None]
    return own + sorted(answered, key=lambda r: r.code)


def policies(subject: Subject) -> Iterator[tuple[str, Policy]]:
    """Each policy the plugin answers for a claimed region and scheme, with where it came from."""
    for region in claimed_regions(subject):
        for scheme in Scheme:
            answer = subject.hooks.first(shebao_policy, region=region, scheme=scheme, year=subject.year)
            if answer is not None:
                yield _where_policy(region, scheme, subject.year), answer


@province_check
def regions_are_gb2260_codes(subject: Subject) -> Iterator[Problem]:
    seen: set[str] = set()
    for region in subject.hooks.collect(shebao_regions):
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
    own = {region.code: region for region in subject.hooks.collect(shebao_regions)}
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
                if subject.hooks.first(shebao_policy, region=region, scheme=scheme, year=subject.year) is None:
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
            policy = subject.hooks.first(shebao_policy, region=region, scheme=scheme, year=subject.year)
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


@province_check
def answers_only_for_its_own_regions(subject: Subject) -> Iterator[Problem]:
    """Asked about a region no province holds, a firstresult hook must answer None (else it
    answers for every region, before the plugins that own them) and a review no problem."""
    foreign, year = samples.FOREIGN_REGION, subject.year
    for scheme in Scheme:
        if subject.hooks.first(shebao_policy, region=foreign, scheme=scheme, year=year) is not None:
            yield Problem(
                _where_policy(foreign, scheme, year), "answered a policy for a region it does not serve (must answer None)"
            )
    if subject.hooks.first(shebao_catalogue, region=foreign, year=year) is not None:
        yield Problem(_where_catalogue(foreign, year), "answered a catalogue for a region it does not serve (must answer None)")
    policy = samples.policy(foreign, Scheme.EMPLOYEE, year)
    for filing in samples.filings(foreign.code):
        if subject.hooks.collect(shebao_review_filing, filing=filing, policy=policy):
            where = _where_review(filing.insured_region, filing.category)
            yield Problem(where, "found problems with a filing of a person insured elsewhere (must answer [])")


# ---- catalogue -------------------------------------------------------------------------


def _where_catalogue(region: Region, year: int) -> str:
    return f"shebao_catalogue({region.code}, {year})"


@province_check
def every_claimed_region_has_a_catalogue(subject: Subject) -> Iterator[Problem]:
    claimed = claimed_regions(subject)
    implements = subject.hooks.implements("shebao_catalogue")
    if implements and not claimed:
        message = "answers a catalogue for no region: list its regions, or load the plugin that does"
        yield Problem(f"{subject.name}.shebao_catalogue", message)
    for region in claimed:
        where = _where_catalogue(region, subject.year)
        if implements:
            items = subject.hooks.first(shebao_catalogue, region=region, year=subject.year)
            if items is None:
                yield Problem(where, f"claims region {region} but gives no catalogue for it")
            elif not items:
                yield Problem(where, "the catalogue is empty: every item would be fully self-paid")
            continue
        try:  # settlement at an institution of the region needs some plugin's catalogue
            facade.catalogue(region, subject.year)
        except ShebaoError as error:
            yield Problem(where, f"claims region {region} but no loaded plugin gives its catalogue: {error}")
    if implements:
        yield from _catalogues_of_unclaimed_regions(subject, claimed)


def _catalogues_of_unclaimed_regions(subject: Subject, claimed: list[Region]) -> Iterator[Problem]:
    codes = {region.code for region in claimed}
    others = [r for r, _ in other_plugins_regions(subject).values() if r.code not in codes]
    taken = sorted(r.code for r in others if subject.hooks.first(shebao_catalogue, region=r, year=subject.year) is not None)
    if taken:
        shown = ", ".join(taken[:5]) + (f" and {len(taken) - 5} more" if len(taken) > 5 else "")
        message = f"answers the catalogue of {shown}, regions it does not claim (must answer None)"
        yield Problem(f"{subject.name}.shebao_catalogue", message)


@province_check
def catalogue_items_are_usable(subject: Subject) -> Iterator[Problem]:
    # most plugins answer one list for every region: report each defect once, with the count
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for region in claimed_regions(subject):
        items = subject.hooks.first(shebao_catalogue, region=region, year=subject.year)
        for suffix, message in catalogue_problems(items or []):
            found[(suffix, message)].append(_where_catalogue(region, subject.year) + suffix)
    for (_, message), labels in found.items():
        yield Problem(labelled(labels), message)


def catalogue_problems(items: list[CatalogueItem]) -> Iterator[tuple[str, str]]:
    """Problems of one catalogue as (``[code].field``, message)."""
    seen: set[object] = set()
    for item in items:
        at = f"[{item.code}]"
        if item.code in seen:
            yield at, f"item {item.code} is listed twice (settlement would not know which applies)"
        seen.add(item.code)
        if not isinstance(item.code, str) or not item.code.strip() or item.code != item.code.strip():
            yield at, f"item code {item.code!r} must be non-empty, without surrounding spaces"
        yield from ((p.where, p.message) for p in text_problems(f"{at}.name", item.name, "item name"))
        category: object = item.category
        share: object = item.first_self_pay_share
        if not isinstance(category, Category):
            yield f"{at}.category", f"category {category!r} is not a Category (A, B or C)"
        elif category is Category.B:
            yield from ((p.where, p.message) for p in ratio_problems(f"{at}.first_self_pay_share", share))
        elif not isinstance(share, Decimal) or share != 0:
            yield f"{at}.first_self_pay_share", f"a category {category.value} item has share {share!r}: only category B has one"
        if item.price_limit is not None:
            yield from ((p.where, p.message) for p in fen_problems(f"{at}.price_limit", item.price_limit))


# ---- designated institutions -----------------------------------------------------------


def _where_institutions(subject: Subject) -> str:
    return f"{subject.name}.shebao_institutions()"


def other_plugins_institutions(subject: Subject) -> dict[str, tuple[Institution, str]]:
    found: dict[str, tuple[Institution, str]] = {}
    for info in facade.plugin_infos():
        if info.name != subject.name and "shebao_institutions" in info.hooks:
            for institution in facade.OwnHooks(info.name).collect(shebao_institutions):
                found.setdefault(institution.code, (institution, info.name))
    return found


@province_check
def institutions_are_well_formed(subject: Subject) -> Iterator[Problem]:
    institutions = subject.hooks.collect(shebao_institutions)
    if not institutions:
        return  # "none": a plugin may leave the directory to another
    others = other_plugins_institutions(subject)
    seen: set[str] = set()
    for institution in institutions:
        where = f"{_where_institutions(subject)}[{institution.code}]"
        if institution.code in seen:
            yield Problem(where, f"institution {institution.code} is listed twice")
        seen.add(institution.code)
        if institution.code in others and others[institution.code][0] != institution:
            yield Problem(where, f"code {institution.code} is already provided by plugin '{others[institution.code][1]}'")
        yield from text_problems(where, institution.name, "institution name")
        yield from _kind_problems(where, institution)


def _kind_problems(where: str, institution: Institution) -> Iterator[Problem]:
    fields: dict[str, tuple[object, type]] = {
        "level": (institution.level, InstitutionLevel),
        "grade": (institution.grade, InstitutionGrade),
        "kind": (institution.kind, InstitutionKind),
        "status": (institution.status, InstitutionStatus),
    }
    for name, (value, enum_type) in fields.items():
        if not isinstance(value, enum_type):  # attrs does not check it; an untyped plugin may pass a string
            yield Problem(f"{where}.{name}", f"{value!r} is not an {enum_type.__name__}")
    services: object = institution.services
    if not isinstance(services, (set, frozenset)) or not services:
        yield Problem(f"{where}.services", "is open for no service: list the cross-province services it offers")
        return
    wrong = [s for s in services if not isinstance(s, Service)]
    if wrong:
        yield Problem(f"{where}.services", f"{wrong!r} are not Services")
    if institution.kind is InstitutionKind.PHARMACY:
        if Service.INPATIENT in services:
            yield Problem(f"{where}.services", "a retail pharmacy cannot be open for inpatient treatment")
        if institution.level is not InstitutionLevel.PRIMARY:
            yield Problem(f"{where}.level", "a designated retail pharmacy is settled at the primary level")


@province_check
def institutions_lie_in_the_plugin_s_province(subject: Subject) -> Iterator[Problem]:
    institutions = subject.hooks.collect(shebao_institutions)
    if not institutions:
        return
    provinces = sorted({region.province_code for region in claimed_regions(subject)})
    served = facade.regions()
    for institution in institutions:
        where = f"{_where_institutions(subject)}[{institution.code}].region"
        code: object = institution.region
        if not isinstance(code, str) or not code.isdigit() or len(code) != 6 or not is_gb2260_code(code):
            yield Problem(where, f"{code!r} is not a GB/T 2260 region code")
        elif code.endswith("0000"):
            yield Problem(where, f"{code} is a whole province: give the pooling area the institution lies in")
        elif provinces and province_of(code) not in provinces:
            shown = ", ".join(p[:2] for p in provinces)
            yield Problem(where, f"{code} lies in province {code[:2]}, not in this plugin's (claims {shown})")
        elif code not in served:
            yield Problem(where, f"{code} is a region no loaded plugin lists (`shebao institution sync` would refuse it)")


# ---- the policy parts a province sets: benefits and filing ------------------------------


def _grouped_by_scheme(subject: Subject, part: str) -> dict[tuple[Scheme, Any], list[str]]:
    """Like ``_grouped``, keeping the scheme apart (what the scheme must have differs)."""
    found: dict[tuple[Scheme, Any], list[str]] = defaultdict(list)
    for where, policy in policies(subject):
        found[(policy.scheme, getattr(policy, part))].append(f"{where}.{part}")
    return found


WORKING_OR_RETIRED = {False: "working", True: "retired"}


@province_check
def benefit_tiers_cover_every_visit(subject: Subject) -> Iterator[Problem]:
    grouped: dict[tuple[Scheme, BenefitPolicy], list[str]] = _grouped_by_scheme(subject, "benefits")
    for (_, benefits), labels in grouped.items():
        where = labelled(labels)
        if not benefits.tiers:
            yield Problem(f"{where}.tiers", "gives no benefit tier: every bill would be refused (set Policy.benefits)")
            continue
        missing = [
            f"{visit.value} at a {level.value} institution, {WORKING_OR_RETIRED[retired]}"
            for visit in VisitType
            for level in InstitutionLevel
            for retired in (False, True)
            if benefits.tier(visit, level, retired) is None
        ]
        if missing:
            yield Problem(f"{where}.tiers", f"no tier for {'; '.join(missing)}")
        keys: dict[tuple[object, object, object], int] = {}
        for index, tier in enumerate(benefits.tiers):
            key = (tier.visit_type, tier.level, tier.retired)
            if key in keys:
                yield Problem(
                    f"{where}.tiers[{index}]", f"repeats tiers[{keys[key]}] (same visit type, level and retiree status)"
                )
            keys.setdefault(key, index)


@province_check
def benefit_values_are_sensible(subject: Subject) -> Iterator[Problem]:
    grouped: dict[tuple[Scheme, BenefitPolicy], list[str]] = _grouped_by_scheme(subject, "benefits")
    for (scheme, benefits), labels in grouped.items():
        where = labelled(labels)
        for index, tier in enumerate(benefits.tiers):
            yield from _tier_problems(f"{where}.tiers[{index}]", tier)
        for name, limit in (("referral_emergency_reduction", "0.10"), ("other_temporary_reduction", "0.20")):
            value = getattr(benefits, name)
            yield from ratio_problems(f"{where}.{name}", value)
            if isinstance(value, Decimal) and value.is_finite() and value > Decimal(limit):
                yield Problem(f"{where}.{name}", f"{value} exceeds {limit}, the most the 2022 national notice allows")
        if benefits.unfiled_reduction is not None:
            yield from ratio_problems(f"{where}.unfiled_reduction", benefits.unfiled_reduction)
        wrong = [part for part in benefits.account_payable if not isinstance(part, AccountPayable)]
        if wrong:
            yield Problem(f"{where}.account_payable", f"{wrong!r} are not AccountPayable parts")
        yield from _supplementary_problems(f"{where}.supplementary", scheme, benefits)


def _tier_problems(where: str, tier: BenefitTier) -> Iterator[Problem]:
    visit: object = tier.visit_type
    level: object = tier.level
    if not isinstance(visit, VisitType):
        yield Problem(f"{where}.visit_type", f"{visit!r} is not a VisitType")
    if level is not None and not isinstance(level, InstitutionLevel):
        yield Problem(f"{where}.level", f"{level!r} is not an InstitutionLevel (or None for any level)")
    if tier.retired not in (None, True, False):
        yield Problem(f"{where}.retired", f"{tier.retired!r} is not True, False or None (either)")
    yield from ratio_problems(f"{where}.ratio", tier.ratio)
    deductible = list(fen_problems(f"{where}.deductible", tier.deductible))
    cap = list(fen_problems(f"{where}.annual_cap", tier.annual_cap))
    yield from deductible + cap
    if not deductible and not cap and tier.deductible > tier.annual_cap:
        message = f"deductible {yuan(tier.deductible)} yuan exceeds the annual cap {yuan(tier.annual_cap)} yuan"
        yield Problem(f"{where}.deductible", message)


_SUPPLEMENTARY = {Scheme.EMPLOYEE: SupplementaryKind.LARGE_AMOUNT, Scheme.RESIDENT: SupplementaryKind.CRITICAL_ILLNESS}


def _supplementary_problems(where: str, scheme: Scheme, benefits: BenefitPolicy) -> Iterator[Problem]:
    supplementary = benefits.supplementary
    if supplementary is None:
        return  # nothing pays above the cap
    kind: object = supplementary.kind
    if kind is not _SUPPLEMENTARY[scheme]:
        expected, given = _SUPPLEMENTARY[scheme], getattr(kind, "value", repr(kind))
        yield Problem(f"{where}.kind", f"is {given}, but above the {scheme.value} cap {expected.value} insurance pays")
    yield from ratio_problems(f"{where}.ratio", supplementary.ratio)
    cap = list(fen_problems(f"{where}.annual_cap", supplementary.annual_cap))
    yield from cap
    if not cap and supplementary.annual_cap == 0:
        yield Problem(f"{where}.annual_cap", "is 0, so it never pays: give its cap, or supplementary=None")


@province_check
def filing_policy_is_usable(subject: Subject) -> Iterator[Problem]:
    grouped: dict[FilingPolicy, list[str]] = _grouped(subject, "filing")
    for filing, labels in grouped.items():
        where = labelled(labels)
        documents: object = filing.documents
        if not isinstance(documents, Mapping):
            yield Problem(f"{where}.documents", "must map every filing category to its documents")
        else:
            missing = [category.value for category in FilingCategory if category not in documents]
            if missing:
                yield Problem(f"{where}.documents", f"names no documents for {', '.join(missing)}")
            for category, needed in documents.items():
                label = getattr(category, "value", repr(category))
                yield from _documents_problems(f"{where}.documents[{label}]", needed)
        yield from _documents_problems(f"{where}.inpatient_documents", filing.inpatient_documents)
        counts = {
            "max_designated_institutions": (filing.max_designated_institutions, 0, "0 means every networked institution"),
            "temporary_validity_months": (filing.temporary_validity_months, MINIMUM_TEMPORARY_VALIDITY_MONTHS, "2022 notice"),
            "long_term_change_lock_months": (filing.long_term_change_lock_months, 0, "0 means no lock"),
        }
        for name, (value, least, why) in counts.items():
            if isinstance(value, bool) or not isinstance(value, int):
                yield Problem(f"{where}.{name}", f"must be a whole number, not {value!r}")
            elif value < least:
                yield Problem(f"{where}.{name}", f"{value} is below {least} ({why})")
        for name in ("commitment_replaces_residence_certificate", "intra_province_filing_required"):
            if not isinstance(getattr(filing, name), bool):
                yield Problem(f"{where}.{name}", f"must be True or False, not {getattr(filing, name)!r}")


def _documents_problems(where: str, documents: object) -> Iterator[Problem]:
    if not isinstance(documents, (set, frozenset)):
        yield Problem(where, f"must be a frozenset of FilingDocument, not {type(documents).__name__}")
        return
    wrong = [document for document in documents if not isinstance(document, FilingDocument)]
    if wrong:
        yield Problem(where, f"{wrong!r} are not FilingDocuments")


# ---- filing review ---------------------------------------------------------------------


def _where_review(insured_region: str, category: FilingCategory) -> str:
    return f"shebao_review_filing(insured {insured_region}, {category.value})"


@province_check
def filing_reviews_are_sentences(subject: Subject) -> Iterator[Problem]:
    """On sound filings of its own insured, a review answers sentences an operator can read."""
    if not subject.hooks.implements("shebao_review_filing"):
        return
    found: dict[str, list[str]] = defaultdict(list)
    for region in claimed_regions(subject):
        try:
            policy = subject.hooks.first(
                shebao_policy, region=region, scheme=Scheme.EMPLOYEE, year=subject.year
            ) or facade.policy(region, Scheme.EMPLOYEE, subject.year)
        except ShebaoError:
            continue  # reported by every-claimed-region-has-a-policy-for-every-scheme
        for filing in samples.filings(region.code):
            for answer in subject.hooks.collect(shebao_review_filing, filing=filing, policy=policy):
                for problem in text_problems("", answer, "a problem sentence"):
                    found[problem.message].append(_where_review(region.code, filing.category))
    for message, labels in found.items():
        yield Problem(labelled(labels), message)


def province_name(digits: str) -> str:
    """The name GB/T 2260 gives a province (as stdnum knows it), e.g. ``"44"`` → ``"广东省"``."""
    parts = numdb.get("cn/loc").info(digits + "0000")
    return str(parts[0][1].get("province", "")) if parts and parts[0][1] else ""


def region_name(code: str) -> str:
    """The name GB/T 2260 gives a region, e.g. ``"440100"`` → ``"广州市"``, ``"110100"`` → ``"北京市市辖区"``."""
    parts = numdb.get("cn/loc").info(code)
    if len(parts) != 2 or not parts[0][1] or not parts[1][1]:
        return ""
    name = re.sub(r"\[[^]]*\]", "", str(parts[1][1].get("county", "")))  # drop "[1997-]" validity marks
    return str(parts[0][1].get("province", "")) + name if name == "市辖区" else name
