"""Sichuan (Chengdu 510100 and the province): benefits of the insured place (deductible, ratio, cap per visit type,
institution level and retiree status; large-amount / critical illness insurance above the cap).

Sample values: in the range public pages report for this province, not its current law; check
the province's medical security bureau before relying on them. Ratio reductions for temporary
cross-province visits are the 2022 national notice's maxima (医保发〔2022〕22号);
unfiled non-emergency cross-province visits are not reimbursed (seed rule).
"""

from decimal import Decimal

from shebao.model.institution import InstitutionLevel
from shebao.model.settlement import SupplementaryKind, VisitType
from shebao.money import Fen
from shebao.policy import BenefitPolicy, SupplementaryBenefit
from shebao_provinces.national import benefit_tiers, inpatient_with_chronic

_P, _S, _T = InstitutionLevel.PRIMARY, InstitutionLevel.SECONDARY, InstitutionLevel.TERTIARY

EMPLOYEE = BenefitPolicy(
    tiers=(
        *benefit_tiers(
            VisitType.INPATIENT,
            "450000",
            {_P: ("160", "0.92", "160", "0.95"), _S: ("400", "0.90", "400", "0.93"), _T: ("800", "0.85", "800", "0.90")},
        ),
        *benefit_tiers(VisitType.GENERAL_OUTPATIENT, "3000", {None: ("200", "0.60", "200", "0.70")}),
        *benefit_tiers(VisitType.CHRONIC_SPECIAL, "40000", {None: ("0", "0.80", "0", "0.85")}),
    ),
    supplementary=SupplementaryBenefit(SupplementaryKind.LARGE_AMOUNT, Decimal("0.90"), Fen(50_000_000)),
    unfiled_reduction=None,
    shared_caps=inpatient_with_chronic("450000"),
    family_mutual_aid=True,
)

RESIDENT = BenefitPolicy(
    tiers=(
        *benefit_tiers(
            VisitType.INPATIENT,
            "200000",
            {_P: ("100", "0.80", "100", "0.80"), _S: ("400", "0.70", "400", "0.70"), _T: ("800", "0.55", "800", "0.55")},
            per_admission=True,
        ),
        *benefit_tiers(VisitType.GENERAL_OUTPATIENT, "600", {None: ("0", "0.50", "0", "0.50")}),
        *benefit_tiers(VisitType.CHRONIC_SPECIAL, "20000", {None: ("0", "0.60", "0", "0.60")}),
    ),
    supplementary=SupplementaryBenefit(SupplementaryKind.CRITICAL_ILLNESS, Decimal("0.60"), Fen(40_000_000)),
    unfiled_reduction=None,
    shared_caps=inpatient_with_chronic("200000"),
)
