"""The conformance kit: bundled plugins pass, and each kind of defect in a test plugin is caught."""

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest
from helpers import ShebaoCli
from stdnum import luhn

from shebao import hookimpl
from shebao import plugins as facade
from shebao.conformance import assert_conforms, check_plugin
from shebao.documents import Document, DocumentFormat
from shebao.model.catalogue import CatalogueItem, Category
from shebao.model.filing import Filing, FilingCategory
from shebao.model.institution import Institution, InstitutionGrade, InstitutionKind, InstitutionLevel, Service
from shebao.model.payment import ChannelKind, CollectedPayment, PaymentChannel, PaymentInstruction, PaymentNotice
from shebao.model.person import Scheme
from shebao.model.settlement import SupplementaryKind, VisitType
from shebao.money import Fen
from shebao.policy import NO_BENEFITS, BenefitTier, Policy, SupplementaryBenefit
from shebao.regions import Region
from shebao_provinces.national import default_policy

Register = Callable[[object, str], None]
YEAR = 2026


def test_every_bundled_plugin_conforms() -> None:
    infos = facade.plugin_infos()
    assert len(infos) >= 11
    for info in infos:
        assert check_plugin(info.name, YEAR) == [], info.name


def problems_of(register_plugin: Register, plugin: object, name: str = "broken") -> list[tuple[str, str, str]]:
    register_plugin(plugin, name)
    return [(p.check, p.where, p.message) for p in check_plugin(name, YEAR)]


def assert_found(problems: list[tuple[str, str, str]], check: str, fragment: str) -> None:
    assert any(c == check and fragment in f"{where}: {message}" for c, where, message in problems), problems


# ---- provinces -------------------------------------------------------------------------


def catalogue_item(code: str, category: Any = Category.A, share: Any = Decimal(0), limit: Any = None) -> CatalogueItem:
    with attrs.validators.disabled():  # values a plugin could only build around the validators
        return CatalogueItem(code, "样例项目", category, share, limit)


SOUND_CATALOGUE = [
    catalogue_item("XJ01CAA040A001"),
    catalogue_item("XJ01DDA028B002", Category.B, Decimal("0.10"), Fen(2500)),
    catalogue_item("ZZ0000000001", Category.C),
]


def institution(code: str = "H440300T0001", region: str = "440300", **values: Any) -> Institution:
    fields: dict[str, Any] = {
        "name": "深圳市样例医院",
        "level": InstitutionLevel.TERTIARY,
        "grade": InstitutionGrade.A,
        "kind": InstitutionKind.HOSPITAL,
        "services": frozenset({Service.INPATIENT, Service.GENERAL_OUTPATIENT}),
    } | values
    with attrs.validators.disabled():
        return Institution(code=code, region=region, **fields)


PHARMACY = institution(
    "P440300T0001", kind=InstitutionKind.PHARMACY, level=InstitutionLevel.PRIMARY, grade=InstitutionGrade.UNGRADED,
    services=frozenset({Service.GENERAL_OUTPATIENT}),
)  # fmt: skip


def no_problem(filing: Filing) -> list[str]:
    return []


@attrs.define
class Province:
    """A test province plugin for Guangdong whose regions, policy, catalogue, institutions and
    filing review a test breaks."""

    regions: list[Region] = attrs.Factory(lambda: [Region("440000", "广东省")])
    schemes: tuple[Scheme, ...] = tuple(Scheme)
    changes: Callable[[Policy], Policy] = lambda policy: policy
    items: list[CatalogueItem] = attrs.Factory(lambda: list(SOUND_CATALOGUE))
    catalogued: Callable[[Region], bool] = lambda region: region.code[:2] == "44"
    institutions: list[Institution] = attrs.Factory(lambda: [institution(), PHARMACY])
    review: Callable[[Filing], list[str]] = no_problem

    @hookimpl
    def shebao_regions(self) -> list[Region]:
        return self.regions

    @hookimpl(tryfirst=True)
    def shebao_policy(self, region: Region, scheme: Scheme, year: int) -> Policy | None:
        if region.code[:2] != "44" or scheme not in self.schemes:
            return None
        return self.changes(default_policy(region, scheme, year))

    @hookimpl(tryfirst=True)
    def shebao_catalogue(self, region: Region, year: int) -> list[CatalogueItem] | None:
        return self.items if self.catalogued(region) else None

    @hookimpl
    def shebao_institutions(self) -> list[Institution]:
        return self.institutions

    @hookimpl
    def shebao_review_filing(self, filing: Filing, policy: Policy) -> list[str]:
        return self.review(filing)


def contribution(**values: Any) -> Callable[[Policy], Policy]:
    def change(policy: Policy) -> Policy:
        with attrs.validators.disabled():  # values a plugin could only build around the validators
            return attrs.evolve(policy, contribution=attrs.evolve(policy.contribution, **values))

    return change


def card(**values: Any) -> Callable[[Policy], Policy]:
    def change(policy: Policy) -> Policy:
        with attrs.validators.disabled():
            return attrs.evolve(policy, card=attrs.evolve(policy.card, **values))

    return change


def benefits(**values: Any) -> Callable[[Policy], Policy]:
    def change(policy: Policy) -> Policy:
        with attrs.validators.disabled():
            return attrs.evolve(policy, benefits=attrs.evolve(policy.benefits, **values))

    return change


def tiers(change_tier: Callable[[BenefitTier], BenefitTier | None]) -> Callable[[Policy], Policy]:
    """Each tier changed, or dropped where ``change_tier`` answers None."""

    def change(policy: Policy) -> Policy:
        with attrs.validators.disabled():
            kept = (change_tier(tier) for tier in policy.benefits.tiers)
            return attrs.evolve(policy, benefits=attrs.evolve(policy.benefits, tiers=tuple(t for t in kept if t is not None)))

    return change


def supplementary(kind: SupplementaryKind, ratio: Decimal, annual_cap: Fen) -> SupplementaryBenefit:
    with attrs.validators.disabled():
        return SupplementaryBenefit(kind, ratio, annual_cap)


def filing(**values: Any) -> Callable[[Policy], Policy]:
    def change(policy: Policy) -> Policy:
        with attrs.validators.disabled():
            return attrs.evolve(policy, filing=attrs.evolve(policy.filing, **values))

    return change


def test_a_sound_test_province_conforms(register_plugin: Register) -> None:
    assert problems_of(register_plugin, Province()) == []


PROVINCE_DEFECTS = [
    ("code", Province(regions=[Region("449999", "虚构市")]), "regions-are-gb2260-codes", "449999 is not a GB/T 2260"),
    ("twice", Province(regions=[Region("440000", "广东省")] * 2), "regions-are-gb2260-codes", "listed twice"),
    ("name", Province(regions=[Region("440000", " ")]), "regions-are-gb2260-codes", "region name is empty"),
    ("clash", Province(regions=[Region("440000", "广东")]), "regions-agree-with-other-plugins", "listed by plugin 'national'"),
    ("orphan", Province(regions=[Region("990100", "无省之市")]), "regions-agree-with-other-plugins", "no loaded plugin lists"),
    ("scheme", Province(schemes=(Scheme.EMPLOYEE,)), "every-claimed-region-has-a-policy-for-every-scheme", "no resident policy"),
    (
        "asked",
        Province(changes=lambda p: attrs.evolve(p, region="440000")),
        "policies-answer-what-was-asked",
        "shebao_policy(440300, employee, 2026): answered the policy of 440000",
    ),
    ("source", Province(changes=lambda p: attrs.evolve(p, source="")), "policies-answer-what-was-asked", "source"),
    (
        "ratio",
        Province(changes=contribution(employer_rate=Decimal("1.5"))),
        "contribution-rates-are-sensible",
        "1.5 is not between",
    ),
    (
        "float",
        Province(changes=contribution(individual_rate=Decimal(0.02))),  # noqa: RUF032 (the defect under test)
        "contribution-rates-are-sensible",
        "individual_rate: ratio 0.0200000000000000004163336342344337026588618755340576171875 has 58 decimals",
    ),
    (
        "sum",
        Province(changes=contribution(employer_rate=Decimal("0.95"), individual_rate=Decimal("0.1"))),
        "contribution-rates-are-sensible",
        "more than the whole base",
    ),
    (
        "account",
        Province(changes=contribution(account_share=Decimal("0.05"))),
        "contribution-rates-are-sensible",
        "account_share >",
    ),
    ("credit", Province(changes=contribution(retiree_monthly_credit=-1)), "contribution-rates-are-sensible", "negative"),
    (
        "fee",
        Province(changes=card(first_card_fee=Fen(-2000))),
        "card-policy-is-usable",
        "first_card_fee: amount -2000 fen is negative",
    ),
    ("payee", Province(changes=card(payee_account="")), "card-policy-is-usable", "payee account for the payment notice is empty"),
    ("bank", Province(changes=card(collecting_banks=("icbc", "boc"))), "card-policy-is-usable", "offers channel(s) boc"),
    ("nobank", Province(changes=card(collecting_banks=())), "card-policy-is-usable", "no channel collects it"),
]


@pytest.mark.parametrize(
    ("plugin", "check", "fragment"), [case[1:] for case in PROVINCE_DEFECTS], ids=[c[0] for c in PROVINCE_DEFECTS]
)
def test_each_province_defect_is_caught_and_located(register_plugin: Register, plugin: object, check: str, fragment: str) -> None:
    assert_found(problems_of(register_plugin, plugin), check, fragment)


TERTIARY_INPATIENT = (VisitType.INPATIENT, InstitutionLevel.TERTIARY)
EMPLOYEE_POLICY = "shebao_policy(440000, employee, 2026)"
CATALOGUE = "shebao_catalogue(440000, 2026)"
INSTITUTIONS = "broken.shebao_institutions()"

TREATMENT_DEFECTS = [
    (
        "catalogue-twice",
        Province(items=[*SOUND_CATALOGUE, catalogue_item("XJ01CAA040A001")]),
        "catalogue-items-are-usable",
        f"{CATALOGUE}[XJ01CAA040A001] (and 3 more): item XJ01CAA040A001 is listed twice",
    ),
    (
        "catalogue-share",
        Province(items=[catalogue_item("XB1", Category.B, Decimal("1.5"))]),
        "catalogue-items-are-usable",
        f"{CATALOGUE}[XB1].first_self_pay_share (and 3 more): ratio 1.5 is not between 0 and 1",
    ),
    (
        "catalogue-share-float",
        Province(items=[catalogue_item("XB1", Category.B, 0.1)]),
        "catalogue-items-are-usable",
        "[XB1].first_self_pay_share (and 3 more): must be a finite Decimal, not 0.1",
    ),
    (
        "catalogue-share-not-b",
        Province(items=[catalogue_item("XA1", Category.A, Decimal("0.10"))]),
        "catalogue-items-are-usable",
        "[XA1].first_self_pay_share (and 3 more): a category A item has share Decimal('0.10')",
    ),
    (
        "catalogue-category",
        Province(items=[catalogue_item("XA1", "甲")]),
        "catalogue-items-are-usable",
        "[XA1].category (and 3 more): category '甲' is not a Category",
    ),
    (
        "catalogue-limit",
        Province(items=[catalogue_item("XA1", limit=-100)]),
        "catalogue-items-are-usable",
        "[XA1].price_limit (and 3 more): amount -100 fen is negative",
    ),
    (
        "catalogue-empty",
        Province(items=[]),
        "every-claimed-region-has-a-catalogue",
        f"{CATALOGUE}: the catalogue is empty",
    ),
    (
        "catalogue-missing",
        Province(catalogued=lambda region: region.code == "440300"),
        "every-claimed-region-has-a-catalogue",
        f"{CATALOGUE}: claims region 440000 广东省 but gives no catalogue",
    ),
    (
        "catalogue-greedy",
        Province(catalogued=lambda region: True),
        "answers-only-for-its-own-regions",
        "shebao_catalogue(990000, 2026): answered a catalogue for a region it does not serve",
    ),
    (
        "catalogue-greedy-installed",
        Province(catalogued=lambda region: region.code[:2] in ("44", "31")),
        "every-claimed-region-has-a-catalogue",
        "broken.shebao_catalogue: answers the catalogue of 310000, 310100, regions it does not claim",
    ),
    (
        "institution-twice",
        Province(institutions=[institution(), institution()]),
        "institutions-are-well-formed",
        f"{INSTITUTIONS}[H440300T0001]: institution H440300T0001 is listed twice",
    ),
    (
        "institution-clash",
        Province(institutions=[institution("H440300S0001")]),
        "institutions-are-well-formed",
        "code H440300S0001 is already provided by plugin 'guangdong'",
    ),
    (
        "institution-name",
        Province(institutions=[institution(name="")]),
        "institutions-are-well-formed",
        f"{INSTITUTIONS}[H440300T0001]: institution name is empty",
    ),
    (
        "institution-level",
        Province(institutions=[institution(level="三级")]),
        "institutions-are-well-formed",
        f"{INSTITUTIONS}[H440300T0001].level: '三级' is not an InstitutionLevel",
    ),
    (
        "institution-services",
        Province(institutions=[institution(services=frozenset())]),
        "institutions-are-well-formed",
        "[H440300T0001].services: is open for no service",
    ),
    (
        "institution-service-kind",
        Province(institutions=[institution(services=frozenset({"inpatient"}))]),
        "institutions-are-well-formed",
        "[H440300T0001].services: ['inpatient'] are not Services",
    ),
    (
        "pharmacy-inpatient",
        Province(institutions=[attrs.evolve(PHARMACY, services=frozenset({Service.INPATIENT}))]),
        "institutions-are-well-formed",
        f"{INSTITUTIONS}[P440300T0001].services: a retail pharmacy cannot be open for inpatient treatment",
    ),
    (
        "pharmacy-level",
        Province(institutions=[attrs.evolve(PHARMACY, level=InstitutionLevel.TERTIARY)]),
        "institutions-are-well-formed",
        "[P440300T0001].level: a designated retail pharmacy is settled at the primary level",
    ),
    (
        "institution-outside",
        Province(institutions=[institution(region="310100")]),
        "institutions-lie-in-the-plugin-s-province",
        f"{INSTITUTIONS}[H440300T0001].region: 310100 lies in province 31, not in this plugin's (claims 44)",
    ),
    (
        "institution-code",
        Province(institutions=[institution(region="449999")]),
        "institutions-lie-in-the-plugin-s-province",
        "[H440300T0001].region: '449999' is not a GB/T 2260 region code",
    ),
    (
        "institution-province",
        Province(institutions=[institution(region="440000")]),
        "institutions-lie-in-the-plugin-s-province",
        "440000 is a whole province: give the pooling area",
    ),
    (
        "institution-unserved",
        Province(institutions=[institution(region="440500")]),  # Shantou: real, but no plugin lists it
        "institutions-lie-in-the-plugin-s-province",
        "440500 is a region no loaded plugin lists",
    ),
    (
        "tier-missing",
        Province(changes=tiers(lambda t: None if (t.visit_type, t.level) == TERTIARY_INPATIENT and t.retired else t)),
        "benefit-tiers-cover-every-visit",
        f"{EMPLOYEE_POLICY}.benefits (and 3 more).tiers: no tier for inpatient at a tertiary institution, retired",
    ),
    (
        "tiers-none",
        Province(changes=lambda p: attrs.evolve(p, benefits=NO_BENEFITS)),
        "benefit-tiers-cover-every-visit",
        f"{EMPLOYEE_POLICY}.benefits (and 3 more).tiers: gives no benefit tier",
    ),
    (
        "tier-twice",
        Province(changes=lambda p: attrs.evolve(p, benefits=attrs.evolve(p.benefits, tiers=p.benefits.tiers * 2))),
        "benefit-tiers-cover-every-visit",
        ".tiers[10]: repeats tiers[0]",
    ),
    (
        "tier-ratio",
        Province(changes=tiers(lambda t: attrs.evolve(t, ratio=Decimal("1.2")))),
        "benefit-values-are-sensible",
        ".benefits (and 3 more).tiers[0].ratio: ratio 1.2 is not between 0 and 1",
    ),
    (
        "deductible",
        Province(changes=tiers(lambda t: attrs.evolve(t, deductible=Fen(t.annual_cap + 1)))),
        "benefit-values-are-sensible",
        f"{EMPLOYEE_POLICY}.benefits (and 3 more).tiers[0].deductible: deductible 400000.01 yuan exceeds the annual cap",
    ),
    (
        "referral-reduction",
        Province(changes=benefits(referral_emergency_reduction=Decimal("0.15"))),
        "benefit-values-are-sensible",
        ".referral_emergency_reduction: 0.15 exceeds 0.10, the most the 2022 national notice allows",
    ),
    (
        "temporary-reduction",
        Province(changes=benefits(other_temporary_reduction=Decimal("0.25"))),
        "benefit-values-are-sensible",
        ".other_temporary_reduction: 0.25 exceeds 0.20",
    ),
    (
        "unfiled-reduction",
        Province(changes=benefits(unfiled_reduction=Decimal("-0.1"))),
        "benefit-values-are-sensible",
        ".unfiled_reduction: ratio -0.1 is not between 0 and 1",
    ),
    (
        "supplementary-ratio",
        Province(changes=benefits(supplementary=supplementary(SupplementaryKind.LARGE_AMOUNT, Decimal(2), Fen(1)))),
        "benefit-values-are-sensible",
        f"{EMPLOYEE_POLICY}.benefits (and 3 more).supplementary.ratio: ratio 2 is not between 0 and 1",
    ),
    (
        "supplementary-cap",
        Province(changes=benefits(supplementary=supplementary(SupplementaryKind.LARGE_AMOUNT, Decimal("0.9"), Fen(0)))),
        "benefit-values-are-sensible",
        "supplementary.annual_cap: is 0, so it never pays",
    ),
    (
        "supplementary-kind",
        Province(changes=benefits(supplementary=supplementary(SupplementaryKind.LARGE_AMOUNT, Decimal("0.6"), Fen(1)))),
        "benefit-values-are-sensible",
        "resident, 2026).benefits (and 3 more).supplementary.kind: is large-amount, but above the resident cap critical-illness",
    ),
    (
        "filing-documents",
        Province(changes=filing(documents={FilingCategory.TEMPORARY_REFERRAL: frozenset()})),
        "filing-policy-is-usable",
        "shebao_policy(440000, employee, 2026).filing (and 7 more).documents: names no documents for retiree-resettled",
    ),
    (
        "filing-institutions",
        Province(changes=filing(max_designated_institutions=-1)),
        "filing-policy-is-usable",
        ".filing (and 7 more).max_designated_institutions: -1 is below 0",
    ),
    (
        "filing-validity",
        Province(changes=filing(temporary_validity_months=3)),
        "filing-policy-is-usable",
        ".temporary_validity_months: 3 is below 6",
    ),
    (
        "filing-lock",
        Province(changes=filing(long_term_change_lock_months=-6)),
        "filing-policy-is-usable",
        ".long_term_change_lock_months: -6 is below 0",
    ),
    (
        "review-greedy",
        Province(review=lambda f: ["the address is missing"]),
        "answers-only-for-its-own-regions",
        "shebao_review_filing(insured 990000, retiree-resettled): found problems with a filing of a person insured elsewhere",
    ),
    (
        "review-empty",
        Province(review=lambda f: [" "] if f.insured_region[:2] == "44" else []),
        "filing-reviews-are-sentences",
        "shebao_review_filing(insured 440000, retiree-resettled) (and 7 more): a problem sentence is empty",
    ),
]


@pytest.mark.parametrize(
    ("plugin", "check", "fragment"), [case[1:] for case in TREATMENT_DEFECTS], ids=[c[0] for c in TREATMENT_DEFECTS]
)
def test_each_catalogue_institution_benefit_and_filing_defect_is_caught_and_located(
    register_plugin: Register, plugin: object, check: str, fragment: str
) -> None:
    assert_found(problems_of(register_plugin, plugin), check, fragment)


def test_a_policy_plugin_without_a_catalogue_relies_on_another_plugin_s(register_plugin: Register) -> None:
    class PolicyOnly:
        @hookimpl
        def shebao_policy(self, region: Region, scheme: Scheme, year: int) -> Policy | None:
            return default_policy(region, scheme, year) if region.code[:2] == "46" else None

    assert problems_of(register_plugin, PolicyOnly()) == []  # national gives Hainan's catalogue

    class Orphan(PolicyOnly):
        @hookimpl
        def shebao_regions(self) -> list[Region]:
            return [Region("990100", "无省之市")]

    assert_found(problems_of(register_plugin, Orphan(), "orphan"), "every-claimed-region-has-a-catalogue", "no installed plugin")


def test_a_directory_only_plugin_conforms_where_a_loaded_plugin_serves_its_regions(register_plugin: Register) -> None:
    class Directory:
        def __init__(self, region: str) -> None:
            self.region = region

        @hookimpl
        def shebao_institutions(self) -> list[Institution]:
            return [institution(region=self.region)]

    assert problems_of(register_plugin, Directory("440300")) == []
    assert_found(
        problems_of(register_plugin, Directory("440500"), "unserved"),
        "institutions-lie-in-the-plugin-s-province",
        "unserved.shebao_institutions()[H440300T0001].region: 440500 is a region no loaded plugin lists",
    )


def test_a_defect_repeated_over_many_answers_is_reported_once(register_plugin: Register) -> None:
    problems = problems_of(register_plugin, Province(changes=contribution(employer_rate=Decimal("1.5"))))
    ratios = [where for check, where, message in problems if "1.5" in message]
    assert ratios == ["shebao_policy(440000, employee, 2026).contribution (and 7 more).employer_rate"]


def test_a_policy_plugin_that_answers_for_no_region_is_caught(register_plugin: Register) -> None:
    class Nowhere:
        @hookimpl
        def shebao_policy(self, region: Region, scheme: Scheme, year: int) -> Policy | None:
            return None

    assert_found(problems_of(register_plugin, Nowhere()), "every-claimed-region-has-a-policy-for-every-scheme", "no region")


# ---- banks -----------------------------------------------------------------------------

BOC = PaymentChannel(code="boc", name="中国银行", kind=ChannelKind.BANK_COUNTER)
ISSUER_CHECK = "card-issuer-answers-for-own-cards-only"


@attrs.define
class Bank:
    """A test bank plugin with a CSV statement; each flag breaks one thing."""

    channel: PaymentChannel = BOC
    own_only: bool = True
    wrong_amount: bool = False
    drops_seconds: bool = False
    garbage: str = "refuse"  # "refuse", "accept" or "crash"
    sample: bool = True
    bank_card_bins: tuple[str, ...] = ("601382", "621661")
    issuer: str = "sound"  # "sound", "blind", "luhn-blind", "greedy" or "empty"

    def _mine(self, channel: PaymentChannel) -> bool:
        return channel.code == self.channel.code or not self.own_only

    @hookimpl
    def shebao_payment_channels(self) -> list[PaymentChannel]:
        return [self.channel]

    @hookimpl
    def shebao_payment_instruction(self, channel: PaymentChannel, notice: PaymentNotice) -> PaymentInstruction | None:
        if not self._mine(channel):
            return None
        amount = Fen(notice.amount + 1) if self.wrong_amount else notice.amount
        return PaymentInstruction(channel.code, notice.number, amount, f"BOC-{notice.number}", "在中国银行柜台缴纳。")

    @hookimpl
    def shebao_parse_statement(self, channel: PaymentChannel, content: bytes) -> list[CollectedPayment] | None:
        if not self._mine(channel):
            return None
        try:
            rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
        except UnicodeDecodeError:
            if self.garbage == "accept":
                return []
            if self.garbage == "crash":
                raise KeyError("column") from None
            raise
        return [
            CollectedPayment(channel.code, n, Fen(int(a)), dt.datetime.fromisoformat(t), r, line=line)
            for line, (n, a, t, r) in enumerate(rows, start=1)
        ]

    @hookimpl
    def shebao_statement_sample(self, channel: PaymentChannel, payments: list[CollectedPayment]) -> bytes | None:
        if not self._mine(channel) or not self.sample:
            return None
        timespec = "minutes" if self.drops_seconds else "seconds"
        lines = [f"{p.notice_number},{p.amount},{p.paid_at.isoformat(timespec=timespec)},{p.receipt}" for p in payments]
        return "\n".join(lines).encode()

    @hookimpl
    def shebao_bank_card_issuer(self, card_number: str) -> str | None:
        if self.issuer == "greedy":
            return self.channel.name
        if self.issuer == "blind" or not card_number.startswith(self.bank_card_bins):
            return None
        if self.issuer != "luhn-blind" and not luhn.is_valid(card_number):
            return None
        return "" if self.issuer == "empty" else self.channel.name


def test_a_sound_test_bank_conforms(register_plugin: Register) -> None:
    assert problems_of(register_plugin, Bank()) == []


BANK_DEFECTS = [
    (
        "code",
        Bank(channel=PaymentChannel("BOC Counter", "中国银行", ChannelKind.BANK_COUNTER)),
        "channels-are-well-formed",
        "lower case",
    ),
    (
        "name",
        Bank(channel=PaymentChannel("boc", "", ChannelKind.BANK_COUNTER)),
        "channels-are-well-formed",
        "channel name is empty",
    ),
    (
        "clash",
        Bank(channel=PaymentChannel("icbc", "工行", ChannelKind.BANK_COUNTER)),
        "channels-are-well-formed",
        "already offered by plugin 'icbc'",
    ),
    ("amount", Bank(wrong_amount=True), "instructions-cover-own-channels", "asks for 2001 fen, the notice for 2000"),
    ("greedy", Bank(own_only=False), "leaves-other-channels-alone", "shebao_payment_instruction(conformance-counter)"),
    ("nosample", Bank(sample=False), "statements-round-trip", "writes no sample"),
    ("roundtrip", Bank(drops_seconds=True), "statements-round-trip", "shebao_parse_statement(boc, its own sample): read back"),
    ("accepts", Bank(garbage="accept"), "statements-round-trip", "a malformed file): accepted it (0 payments)"),
    ("crashes", Bank(garbage="crash"), "statements-round-trip", "must raise ValueError with a clear message, not fail"),
    ("nobins", Bank(bank_card_bins=()), ISSUER_CHECK, "exposes no BIN prefixes (bank_card_bins)"),
    ("badbin", Bank(bank_card_bins=("60138X",)), ISSUER_CHECK, "bank_card_bins['60138X']: a BIN prefix is 2 to 11 digits"),
    ("blind", Bank(issuer="blind"), ISSUER_CHECK, "answered None for its own BIN prefix 601382"),
    ("empty", Bank(issuer="empty"), ISSUER_CHECK, "shebao_bank_card_issuer(6013820123456785): issuer name is empty"),
    ("luhn", Bank(issuer="luhn-blind"), ISSUER_CHECK, "a card number that is not Luhn-valid"),
    (
        "nobank",
        Bank(issuer="greedy"),
        ISSUER_CHECK,
        "shebao_bank_card_issuer(0000000123456789015): named an issuer for a card no bank",
    ),
    ("otherbank", Bank(issuer="greedy"), ISSUER_CHECK, "named '中国银行' for a card plugin 'icbc' says '中国工商银行' issued"),
    ("takesbin", Bank(bank_card_bins=("622202",)), ISSUER_CHECK, "for a card plugin 'icbc' says '中国工商银行' issued"),
]


@pytest.mark.parametrize(("plugin", "check", "fragment"), [case[1:] for case in BANK_DEFECTS], ids=[c[0] for c in BANK_DEFECTS])
def test_each_bank_defect_is_caught_and_located(register_plugin: Register, plugin: object, check: str, fragment: str) -> None:
    assert_found(problems_of(register_plugin, plugin), check, fragment)


def test_a_bank_that_offers_a_channel_but_no_instructions_is_caught(register_plugin: Register) -> None:
    class Silent:
        @hookimpl
        def shebao_payment_channels(self) -> list[PaymentChannel]:
            return [BOC]

    assert_found(problems_of(register_plugin, Silent()), "instructions-cover-own-channels", "gives no instructions")


# ---- printers --------------------------------------------------------------------------

HTML = DocumentFormat("page", "text/html; charset=utf-8", "html", "an HTML page")


@attrs.define
class Printer:
    """A test printer plugin writing a naive page; each field breaks one thing."""

    format: DocumentFormat = HTML
    escapes: bool = True
    own_only: bool = True
    empty_kind: str = ""
    body: bytes | None = None

    @hookimpl
    def shebao_document_formats(self) -> list[DocumentFormat]:
        return [self.format]

    @hookimpl
    def shebao_render_document(self, document: Document, format: str) -> bytes | None:
        if format != self.format.name and self.own_only:
            return None
        if document.kind.value == self.empty_kind:
            return b""
        if self.body is not None:
            return self.body
        values = [field.value for section in document.sections for field in section.fields]
        shown = [v.replace("&", "&amp;").replace("<", "&lt;") if self.escapes else v for v in values]
        return f"<html><h1>{document.title}</h1><p>{document.number}</p>{'<br>'.join(shown)}</html>".encode()


def test_a_sound_test_printer_conforms(register_plugin: Register) -> None:
    assert problems_of(register_plugin, Printer()) == []


DOCX = DocumentFormat("word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word")
PRINTER_DEFECTS = [
    ("name", Printer(format=attrs.evolve(HTML, name="Page")), "formats-are-well-formed", "format name 'Page'"),
    ("media", Printer(format=attrs.evolve(HTML, media_type="html")), "formats-are-well-formed", "not a MIME type"),
    ("extension", Printer(format=attrs.evolve(HTML, extension=".html")), "formats-are-well-formed", "without the dot"),
    ("clash", Printer(format=attrs.evolve(HTML, name="text")), "formats-are-well-formed", "already offered by plugin 'text'"),
    (
        "empty",
        Printer(empty_kind="filing-approval"),
        "renders-every-kind-in-every-format",
        "shebao_render_document(filing-approval, page): rendered zero bytes",
    ),
    ("escape", Printer(escapes=False), "renders-every-kind-in-every-format", "unescaped"),
    ("number", Printer(body=b"<html>"), "renders-every-kind-in-every-format", "document number"),
    ("utf8", Printer(body="编号".encode("gb18030")), "renders-every-kind-in-every-format", "must be UTF-8"),
    ("zip", Printer(format=DOCX, body=b"not a zip"), "renders-every-kind-in-every-format", "zip package"),
    ("greedy", Printer(own_only=False), "leaves-other-formats-alone", "rendered a format it does not offer"),
]


@pytest.mark.parametrize(
    ("plugin", "check", "fragment"), [case[1:] for case in PRINTER_DEFECTS], ids=[c[0] for c in PRINTER_DEFECTS]
)
def test_each_printer_defect_is_caught_and_located(register_plugin: Register, plugin: object, check: str, fragment: str) -> None:
    assert_found(problems_of(register_plugin, plugin), check, fragment)


# ---- every family ----------------------------------------------------------------------


def test_a_misspelled_hook_is_caught(register_plugin: Register) -> None:
    class Typo:
        @hookimpl
        def shebao_polcy(self, region: Region, scheme: Scheme, year: int) -> None:
            return None

    assert_found(problems_of(register_plugin, Typo()), "hooks-are-known", "broken.shebao_polcy: no such hook")


def test_a_plugin_failing_in_a_hook_is_one_problem_and_the_other_checks_still_run(register_plugin: Register) -> None:
    class Failing(Province):
        @hookimpl
        def shebao_regions(self) -> list[Region]:
            raise RuntimeError("region server unreachable")

    problems = problems_of(register_plugin, Failing())
    assert_found(problems, "regions-are-gb2260-codes", "RuntimeError: region server unreachable")
    assert {check for check, _, _ in problems} >= {"regions-are-gb2260-codes", "regions-agree-with-other-plugins"}


def test_a_plugin_answering_the_wrong_type_is_caught(register_plugin: Register) -> None:
    class Sloppy:
        @hookimpl
        def shebao_document_formats(self) -> object:
            return ["pdf"]

    assert_found(problems_of(register_plugin, Sloppy()), "formats-are-well-formed", "listed str, not DocumentFormat")


def test_assert_conforms_lists_every_problem(register_plugin: Register) -> None:
    register_plugin(Bank(wrong_amount=True, sample=False), "broken")
    with pytest.raises(AssertionError, match=r"plugin 'broken' does not conform \(4 problems\):\n  broken.shebao_payment"):
        assert_conforms("broken", YEAR)


# ---- the command -----------------------------------------------------------------------


def test_check_command_passes_bundled_plugins(shebao: ShebaoCli) -> None:
    out = shebao.ok("plugin", "check", "national", "icbc", "text")
    assert out.splitlines() == ["national: conforms (15 checks)", "icbc: conforms (5 checks)", "text: conforms (3 checks)"]


def test_check_command_exits_1_and_says_where(shebao: ShebaoCli, register_plugin: Register) -> None:
    register_plugin(Printer(empty_kind="payment-notice"), "broken")
    result = shebao("plugin", "check", "broken", "text")
    assert result.exit_code == 1
    assert "broken: 1 problem\n" in result.stdout
    assert "shebao_render_document(payment-notice, page)" in result.stdout
    assert "text: conforms" in result.stdout
    report = json.loads(shebao("plugin", "check", "broken", "--json").stdout)
    assert report["problems"] == 1
    assert report["plugins"][0]["problems"][0]["check"] == "renders-every-kind-in-every-format"


def test_check_command_refuses_an_unknown_plugin(shebao: ShebaoCli) -> None:
    result = shebao("plugin", "check", "guangdong_official")
    assert result.exit_code == 2
    assert "no plugin named 'guangdong_official' is loaded" in result.stderr
