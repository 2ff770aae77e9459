"""Shanghai (310000/310100): benefits of the insured place (deductible, ratio, cap per visit type,
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
            "620000",
            {_P: ("1500", "0.85", "700", "0.92"), _S: ("1500", "0.85", "700", "0.92"), _T: ("1500", "0.85", "700", "0.92")},
        ),
        *benefit_tiers(VisitType.GENERAL_OUTPATIENT, "5000", {None: ("1500", "0.70", "700", "0.80")}),
        *benefit_tiers(VisitType.CHRONIC_SPECIAL, "50000", {None: ("0", "0.85", "0", "0.92")}),
    ),
    supplementary=SupplementaryBenefit(SupplementaryKind.LARGE_AMOUNT, Decimal("0.80"), Fen(60_000_000)),
    unfiled_reduction=None,
    shared_caps=inpatient_with_chronic("620000"),
    family_mutual_aid=True,
)

RESIDENT = BenefitPolicy(
    tiers=(
        *benefit_tiers(
            VisitType.INPATIENT,
            "300000",
            {_P: ("50", "0.80", "50", "0.80"), _S: ("100", "0.75", "100", "0.75"), _T: ("300", "0.60", "300", "0.60")},
            per_admission=True,
        ),
        *benefit_tiers(VisitType.GENERAL_OUTPATIENT, "1000", {None: ("500", "0.55", "500", "0.55")}),
        *benefit_tiers(VisitType.CHRONIC_SPECIAL, "30000", {None: ("0", "0.60", "0", "0.60")}),
    ),
    supplementary=SupplementaryBenefit(SupplementaryKind.CRITICAL_ILLNESS, Decimal("0.60"), Fen(40_000_000)),
    unfiled_reduction=None,
    shared_caps=inpatient_with_chronic("300000"),
)
