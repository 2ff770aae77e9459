"""Test doubles for settlement: a treatment context with institutions and filings in memory,
and small builders of bills, catalogues and benefit policies."""

import datetime as dt
from collections.abc import Collection
from decimal import Decimal

import attrs

from shebao.ids import CitizenId
from shebao.model.catalogue import CatalogueItem, Category
from shebao.model.filing import FilingCategory
from shebao.model.institution import InstitutionLevel, Service
from shebao.model.settlement import Bill, BillLine, FilingFacts, InstitutionFacts, Quantity, SupplementaryKind, VisitType, Yuan
from shebao.money import Fen
from shebao.policy import BenefitPolicy, BenefitTier, SupplementaryBenefit

RETIREE = "440300195505050056"  # insured in Shenzhen, retired employee
LI_NA = "440304198503120021"  # insured in Shenzhen, employed

ALL_SERVICES = frozenset(Service)
SHANGHAI_HOSPITAL = InstitutionFacts(
    "H31010100001", "上海市样例第一人民医院", "310100", InstitutionLevel.TERTIARY, True, ALL_SERVICES
)
SHENZHEN_HOSPITAL = InstitutionFacts(
    "H44030000001", "深圳市样例人民医院", "440300", InstitutionLevel.TERTIARY, True, ALL_SERVICES
)
GUANGZHOU_CLINIC = InstitutionFacts(
    "H44010000002", "广州市样例社区卫生服务中心", "440100", InstitutionLevel.PRIMARY, True, ALL_SERVICES
)
UNDESIGNATED = InstitutionFacts("H31010100009", "上海市样例私立诊所", "310100", InstitutionLevel.PRIMARY, False, ALL_SERVICES)
INPATIENT_ONLY = InstitutionFacts(
    "H31010100002", "上海市样例专科医院", "310100", InstitutionLevel.SECONDARY, True, frozenset({Service.INPATIENT})
)
INSTITUTIONS = {i.code: i for i in (SHANGHAI_HOSPITAL, SHENZHEN_HOSPITAL, GUANGZHOU_CLINIC, UNDESIGNATED, INPATIENT_ONLY)}


@attrs.frozen
class FakeFiling:
    citizen_id: str
    region: str
    institution_code: str
    first: dt.date
    last: dt.date
    category: FilingCategory


class FakeContext:
    """Institutions and filings in memory, answering as the filing concern would."""

    def __init__(self, filings: tuple[FakeFiling, ...] = ()) -> None:
        self.filings = list(filings)

    def institution(self, code: str) -> InstitutionFacts | None:
        return INSTITUTIONS.get(code)

    def covering_filing(self, citizen_id: str, region: str, institution_code: str, on: dt.date) -> FilingFacts | None:
        for f in self.filings:
            if (f.citizen_id, f.region, f.institution_code) == (citizen_id, region, institution_code) and f.first <= on <= f.last:
                return FilingFacts(f.category, f"BA-{citizen_id[-4:]}")
        return None

    def read_filings_of(self, citizen_ids: Collection[str]) -> None:
        """Nothing to read: the filings are in memory."""


def resettled_in_shanghai(category: FilingCategory = FilingCategory.LONG_TERM_RETIREE_RESETTLED) -> FakeContext:
    return FakeContext(
        (FakeFiling(RETIREE, "310100", SHANGHAI_HOSPITAL.code, dt.date(2026, 4, 1), dt.date(2099, 12, 31), category),)
    )


def line(code: str, price: str, quantity: str = "1", name: str = "") -> BillLine:
    return BillLine(code, name or code, Yuan(Decimal(price)), Quantity(Decimal(quantity)))


def bill(
    *lines: BillLine,
    number: str = "B0001",
    citizen_id: str = RETIREE,
    institution: str = SHANGHAI_HOSPITAL.code,
    visit: VisitType = VisitType.INPATIENT,
    emergency: bool = False,
    on: dt.date = dt.date(2026, 5, 20),
) -> Bill:
    if visit is VisitType.INPATIENT:
        dates = {"admitted_on": on - dt.timedelta(days=7), "discharged_on": on}
    else:
        dates = {"treated_on": on}
    return Bill(
        bill_number=number,
        citizen_id=CitizenId(citizen_id),
        institution_code=institution,
        visit_type=visit,
        lines=tuple(lines),
        emergency=emergency,
        disease=None,
        **dates,  # type: ignore[arg-type]
    )


CATALOGUE = {
    item.code: item
    for item in (
        CatalogueItem("A1", "甲类药", Category.A),
        CatalogueItem("B1", "乙类药", Category.B, Decimal("0.10")),
        CatalogueItem("C1", "丙类项目", Category.C),
        CatalogueItem("BED", "床位费", Category.A, price_limit=Fen(6000)),
        CatalogueItem("STENT", "支架", Category.B, Decimal("0.20"), Fen(80000)),
    )
}


def benefits(
    deductible: int = 100_000,
    ratio: str = "0.85",
    cap: int = 40_000_000,
    per_admission: bool = False,
    unfiled: Decimal | None = None,
    supplementary: SupplementaryBenefit | None = None,
) -> BenefitPolicy:
    return BenefitPolicy(
        tiers=(BenefitTier(VisitType.INPATIENT, None, None, Fen(deductible), Decimal(ratio), Fen(cap), per_admission),),
        supplementary=supplementary,
        unfiled_reduction=unfiled,
    )


LARGE_AMOUNT = SupplementaryBenefit(SupplementaryKind.LARGE_AMOUNT, Decimal("0.90"), Fen(50_000_000))
