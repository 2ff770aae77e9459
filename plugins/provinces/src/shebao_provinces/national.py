"""The 31 province-level regions of GB/T 2260 and the default policy every province starts from.

The policy values are *sample values* in the range public provincial pages give, not any
one province's law: employer rate 8% and individual rate 2% of the base; since the 2021
reform the employee's own 2% goes to the individual account; flexible workers pay 10% with
2% to the account; retirees get a fixed monthly credit (sample: 80 yuan). The contribution base
lies between 60% and 300% of the local average monthly wage of employees (sample: 8,000 yuan). First social
security card: 20 yuan in the seed city (elsewhere usually free); collected by ICBC,
ABC and CCB counters and online; produced within 20 working days of payment.

Off-site filing (the 2022 national notice on cross-province direct settlement, as provincial
pages report it, e.g. http://gansulong.com/c/030HP64532024.html and
http://www.xyqlz2009.cn/c3/3829): long-term residents (resettled retirees, permanent
residents, long-term workers) and temporary patients (referral, emergency, other); long-term
filings stay valid until changed, temporary ones at least 6 months. The sample defaults: a
personal commitment may replace the residence certificate, 3 designated institutions, a
6-month lock on changing a long-term filing, a one-year temporary cycle, no filing between
cities of one province.

Benefits and catalogue (``default_benefits``, ``SAMPLE_CATALOGUE``) are *sample values* too:
deductibles, ratios and caps in the range provincial pages give (tertiary inpatient deductible
1,000 yuan and 85% as in DOMAIN.md's worked example). The ratio reductions for temporary
cross-province visits are the 2022 national notice's maxima (医保发〔2022〕22号: referral and
emergency at most 10 points, other temporary at most 20). Item codes follow the shape of the
national medical insurance codes but are sample codes.
"""

from decimal import Decimal

import shebao
from shebao.i18n import N_
from shebao.model.catalogue import CatalogueItem, Category
from shebao.model.institution import InstitutionLevel
from shebao.model.person import Scheme
from shebao.model.settlement import SupplementaryKind, VisitType
from shebao.money import Fen, parse_yuan
from shebao.policy import (
    BenefitPolicy,
    BenefitTier,
    CardPolicy,
    ContributionPolicy,
    EntitlementPolicy,
    FilingPolicy,
    Policy,
    SharedCap,
    SupplementaryBenefit,
)
from shebao.regions import Region

PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
    "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区", "46": "海南省",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
    "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
}  # fmt: skip

# Prefecture-level pooling areas known to the bundled plugins (GB/T 2260).
POOLING_AREAS = {
    "110100": "北京市市辖区", "310100": "上海市市辖区",
    "440100": "广州市", "440300": "深圳市", "440600": "佛山市",
    "510100": "成都市", "320100": "南京市", "330100": "杭州市",
}  # fmt: skip

DEFAULT_CONTRIBUTION = ContributionPolicy(
    employer_rate=Decimal("0.08"),
    individual_rate=Decimal("0.02"),
    account_share=Decimal("0.02"),
    flexible_rate=Decimal("0.10"),
    flexible_account_share=Decimal("0.02"),
    retiree_monthly_credit=Fen(8000),
    average_monthly_wage=Fen(800_000),  # sample: 8,000 yuan, bases 4,800 to 24,000
    average_wage_is_sample=True,
)

DEFAULT_CARD = CardPolicy(
    first_card_fee=Fen(2000),
    collecting_banks=("icbc", "abc", "ccb", "wechat-pay", "alipay"),
    production_working_days=20,
    payee_name="社会保险基金财政专户(样例)",
    payee_account="0000000000000000000",
    collecting_agency="社会保险经办机构(样例)",
    collecting_agency_code="000000001",
    fee_item_code="103040199001",
    contribution_item_code="102010299001",
    payment_days=30,
)


DEFAULT_FILING = FilingPolicy(
    commitment_replaces_residence_certificate=True,
    max_designated_institutions=3,
    long_term_change_lock_months=6,
    temporary_validity_months=12,
    intra_province_filing_required=False,
)

# (deductible working, ratio working, deductible retired, ratio retired), yuan and ratio strings
LevelTerms = dict[InstitutionLevel | None, tuple[str, str, str, str]]


def benefit_tiers(
    visit_type: VisitType, annual_cap: str, terms: LevelTerms, per_admission: bool = False
) -> tuple[BenefitTier, ...]:
    """Tiers for one visit type from a compact table: per level, working and retired terms."""
    tiers: list[BenefitTier] = []
    for level, (deductible, ratio, retired_deductible, retired_ratio) in terms.items():
        for retired, (d, r) in ((False, (deductible, ratio)), (True, (retired_deductible, retired_ratio))):
            tiers.append(
                BenefitTier(visit_type, level, retired, parse_yuan(d), Decimal(r), parse_yuan(annual_cap), per_admission)
            )
    return tuple(tiers)


_P, _S, _T = InstitutionLevel.PRIMARY, InstitutionLevel.SECONDARY, InstitutionLevel.TERTIARY


def inpatient_with_chronic(annual_cap: str) -> tuple[SharedCap, ...]:
    """Inpatient and outpatient chronic-special visits drawing on one annual pooling cap (the
    inpatient cap), as most provinces have it; general outpatient keeps its own cap."""
    return (SharedCap(frozenset({VisitType.INPATIENT, VisitType.CHRONIC_SPECIAL}), parse_yuan(annual_cap)),)


EMPLOYEE_BENEFITS = BenefitPolicy(
    tiers=(
        *benefit_tiers(VisitType.INPATIENT, "400000", {
            _P: ("300", "0.90", "300", "0.95"), _S: ("600", "0.88", "600", "0.92"), _T: ("1000", "0.85", "1000", "0.90"),
        }),
        *benefit_tiers(VisitType.GENERAL_OUTPATIENT, "5000", {None: ("200", "0.60", "200", "0.70")}),
        *benefit_tiers(VisitType.CHRONIC_SPECIAL, "50000", {None: ("0", "0.80", "0", "0.85")}),
    ),
    supplementary=SupplementaryBenefit(SupplementaryKind.LARGE_AMOUNT, Decimal("0.90"), Fen(50_000_000)),
    shared_caps=inpatient_with_chronic("400000"),
    family_mutual_aid=True,
)  # fmt: skip

RESIDENT_BENEFITS = BenefitPolicy(
    tiers=(
        *benefit_tiers(VisitType.INPATIENT, "200000", {
            _P: ("200", "0.85", "200", "0.85"), _S: ("500", "0.75", "500", "0.75"), _T: ("1000", "0.60", "1000", "0.60"),
        }, per_admission=True),
        *benefit_tiers(VisitType.GENERAL_OUTPATIENT, "800", {None: ("0", "0.50", "0", "0.50")}),
        *benefit_tiers(VisitType.CHRONIC_SPECIAL, "20000", {None: ("0", "0.60", "0", "0.60")}),
    ),
    supplementary=SupplementaryBenefit(SupplementaryKind.CRITICAL_ILLNESS, Decimal("0.60"), Fen(40_000_000)),
    shared_caps=inpatient_with_chronic("200000"),
)  # fmt: skip


# where the default policy's values come from, as stored with each settlement; translated where shown
SAMPLE_VALUES = N_("sample values (shebao_provinces.national)")

# who the fund may pay (sample values): three months of arrears allowed; after more than three
# unpaid months in a row, six months' wait once payment resumes; a retiree needs 25 years
DEFAULT_ENTITLEMENT = EntitlementPolicy(
    arrears_grace_months=3,
    interruption_limit_months=3,
    waiting_period_months=6,
    retiree_minimum_years=25,
    resident_premium_required=True,
    source=SAMPLE_VALUES,
)


def default_benefits(scheme: Scheme) -> BenefitPolicy:
    return EMPLOYEE_BENEFITS if scheme is Scheme.EMPLOYEE else RESIDENT_BENEFITS


def item(code: str, name: str, category: str, share: str = "0", limit: str | None = None) -> CatalogueItem:
    """A catalogue item from strings: category A/B/C, B's first self-pay share, price limit in yuan."""
    price_limit = parse_yuan(limit) if limit is not None else None
    return CatalogueItem(code, name, Category(category), Decimal(share), price_limit)


# Sample items a province's catalogue starts from (sample codes, names and limits).
SAMPLE_CATALOGUE = (
    item("XJ01CAA040A001", "阿莫西林胶囊", "A"),
    item("XJ01DDA028B002", "注射用头孢曲松钠", "B", "0.10"),
    item("XC09AAA002A001", "卡托普利片", "A"),
    item("XA10BAA008A001", "盐酸二甲双胍片", "A"),
    item("XL01XCA012B001", "注射用曲妥珠单抗", "B", "0.10"),
    item("XB05BAA001A001", "氯化钠注射液", "A"),
    item("001102000010000", "普通病房床位费", "A", limit="60.00"),
    item("001201000010000", "一级护理", "A", limit="30.00"),
    item("002703010010000", "冠状动脉造影术", "B", "0.10"),
    item("C01010001", "冠状动脉药物洗脱支架", "B", "0.20", limit="800.00"),
    item("ZZ0000000001", "特需病房床位费", "C"),
    item("ZZ0000000002", "保健营养品", "C"),
)


def default_policy(region: Region, scheme: Scheme, year: int) -> Policy:
    return Policy(
        region=region.code,
        scheme=scheme,
        year=year,
        contribution=DEFAULT_CONTRIBUTION,
        card=DEFAULT_CARD,
        filing=DEFAULT_FILING,
        source=SAMPLE_VALUES,
        benefits=default_benefits(scheme),
        entitlement=DEFAULT_ENTITLEMENT,
    )


@shebao.hookimpl
def shebao_regions() -> list[Region]:
    provinces = [Region(code, name) for code, name in PROVINCES.items()]
    return provinces + [Region(code, name) for code, name in POOLING_AREAS.items()]


@shebao.hookimpl(trylast=True)
def shebao_policy(region: Region, scheme: Scheme, year: int) -> Policy | None:
    if region.code[:2] not in PROVINCES:
        return None
    return default_policy(region, scheme, year)


@shebao.hookimpl(trylast=True)
def shebao_catalogue(region: Region, year: int) -> list[CatalogueItem] | None:
    if region.code[:2] not in PROVINCES:
        return None
    return list(SAMPLE_CATALOGUE)
