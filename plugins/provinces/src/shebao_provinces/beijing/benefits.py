"""Beijing (110000/110100): benefits of the insured place (deductible, ratio, cap per visit type,
institution level and retiree status; large-amount / critical illness insurance above the cap).

Sample values: in the range public pages report for this province, not its current law; check
the province's medical security bureau before relying on them. Ratio reductions for temporary
cross-province visits are the 2022 national notice's maxima (医保发〔2022〕22号);
unfiled non-emergency cross-province visits are paid 30 points lower instead of refused (sample: shows the province option).
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
            "500000",
            {_P: ("1300", "0.90", "1300", "0.95"), _S: ("1300", "0.87", "1300", "0.91"), _T: ("1300", "0.85", "1300", "0.91")},
        ),
        *benefit_tiers(VisitType.GENERAL_OUTPATIENT, "20000", {None: ("1800", "0.70", "1300", "0.85")}),
        *benefit_tiers(VisitType.CHRONIC_SPECIAL, "50000", {None: ("0", "0.85", "0", "0.90")}),
    ),
    supplementary=SupplementaryBenefit(SupplementaryKind.LARGE_AMOUNT, Decimal("0.85"), Fen(50_000_000)),
    unfiled_reduction=Decimal("0.30"),
    shared_caps=inpatient_with_chronic("500000"),
    family_mutual_aid=True,
)

RESIDENT = BenefitPolicy(
    tiers=(
        *benefit_tiers(
            VisitType.INPATIENT,
            "250000",
            {_P: ("300", "0.80", "300", "0.80"), _S: ("800", "0.78", "800", "0.78"), _T: ("1300", "0.75", "1300", "0.75")},
            per_admission=True,
        ),
        *benefit_tiers(VisitType.GENERAL_OUTPATIENT, "4000", {None: ("100", "0.55", "100", "0.55")}),
        *benefit_tiers(VisitType.CHRONIC_SPECIAL, "30000", {None: ("0", "0.60", "0", "0.60")}),
    ),
    supplementary=SupplementaryBenefit(SupplementaryKind.CRITICAL_ILLNESS, Decimal("0.60"), Fen(40_000_000)),
    unfiled_reduction=Decimal("0.30"),
    shared_caps=inpatient_with_chronic("250000"),
)
