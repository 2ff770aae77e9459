"""A province's policy for its insured: the values DOMAIN.md marks *policy*.

A province plugin answers ``shebao_policy`` with one ``Policy`` per region, scheme and
year. Sub-policies group the values each use case reads, so a plugin can start from the
bundled defaults and replace only what it knows (``attrs.evolve``).
"""

import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from shebao.i18n import _
from shebao.model.filing import FilingCategory, FilingDocument
from shebao.model.institution import InstitutionLevel
from shebao.model.person import Scheme
from shebao.model.settlement import SupplementaryKind, VisitType
from shebao.money import Fen, round_fen, yuan


def _ratio(_instance: object, attribute: "attrs.Attribute[Decimal]", value: Decimal) -> None:
    if not isinstance(value, Decimal) or not Decimal(0) <= value <= Decimal(1):
        raise ValueError(_("{name} must be a Decimal between 0 and 1, not {value!r}").format(name=attribute.name, value=value))


def _fen(_instance: object, attribute: "attrs.Attribute[Any]", value: int) -> None:
    if not isinstance(value, int) or value < 0:
        raise ValueError(_("{name} must be a non-negative number of fen, not {value!r}").format(name=attribute.name, value=value))


@attrs.frozen
class ContributionPolicy:
    """Premium rates on the contribution base, and what the individual account receives."""

    employer_rate: Decimal = attrs.field(validator=_ratio)
    individual_rate: Decimal = attrs.field(validator=_ratio)
    account_share: Decimal = attrs.field(validator=_ratio)  # employee: own contribution, ~2%
    flexible_rate: Decimal = attrs.field(validator=_ratio)  # flexible worker pays both parts
    flexible_account_share: Decimal = attrs.field(validator=_ratio)
    retiree_monthly_credit: Fen = attrs.field(validator=_fen)
    # The base lies between a floor and a ceiling, shares of the local average monthly wage of
    # employees (commonly 60% and 300%); a wage of 0 leaves the base unbounded.
    average_monthly_wage: Fen = attrs.field(default=Fen(0), validator=_fen)
    base_floor_share: Decimal = attrs.field(default=Decimal("0.60"), validator=_ratio)
    base_ceiling_share: Decimal = attrs.field(default=Decimal("3"), validator=attrs.validators.ge(Decimal(1)))
    average_wage_is_sample: bool = False  # printed beside the bounds: not the province's published figure

    def base_bounds(self) -> tuple[Fen, Fen] | None:
        """The lowest and highest contribution base, rounded half up to the fen; None: unbounded."""
        if not self.average_monthly_wage:
            return None
        wage = Decimal(self.average_monthly_wage)
        return round_fen(wage * self.base_floor_share), round_fen(wage * self.base_ceiling_share)

    def describe_bounds(self) -> str:
        bounds = self.base_bounds()
        if bounds is None:
            return "no bounds"
        sample = " (sample value)" if self.average_wage_is_sample else ""
        return (
            f"{yuan(bounds[0])} to {yuan(bounds[1])}: {self.base_floor_share:%} to {self.base_ceiling_share:%}"
            f" of the local average monthly wage {yuan(self.average_monthly_wage)}{sample}"
        )


@attrs.frozen
class CardPolicy:
    """The first social security card: fee, collecting banks, production time."""

    first_card_fee: Fen = attrs.field(validator=_fen)
    collecting_banks: tuple[str, ...]  # payment channel codes accepted for the fee
    production_working_days: int = attrs.field(validator=attrs.validators.ge(0))
    payee_name: str = ""
    payee_account: str = ""
    # printed on non-tax payment notices (the card fee's, and contribution notices')
    collecting_agency: str = ""  # 执收单位
    collecting_agency_code: str = ""  # 执收单位编码
    fee_item_code: str = ""  # 项目编码 of the card fee
    contribution_item_code: str = ""  # 项目编码 of a contribution
    payment_days: int = attrs.field(default=30, validator=attrs.validators.ge(1))  # a notice is payable this long


_RESIDENCE = frozenset({FilingDocument.RESIDENCE_CERTIFICATE, FilingDocument.CARD_AND_COPY})

# National floor: long-term filers prove residence, referrals bring the referral form, every
# filer shows the card; inpatients add the admission note (2022 national notice, as provinces report it).
NATIONAL_FILING_DOCUMENTS: Mapping[FilingCategory, frozenset[FilingDocument]] = {
    FilingCategory.LONG_TERM_RETIREE_RESETTLED: _RESIDENCE,
    FilingCategory.LONG_TERM_PERMANENT_RESIDENT: _RESIDENCE,
    FilingCategory.LONG_TERM_WORKER: _RESIDENCE,
    FilingCategory.TEMPORARY_REFERRAL: frozenset({FilingDocument.CARD_AND_COPY, FilingDocument.REFERRAL_FORM}),
    FilingCategory.TEMPORARY_EMERGENCY: frozenset({FilingDocument.CARD_AND_COPY}),
    FilingCategory.TEMPORARY_OTHER: frozenset({FilingDocument.CARD_AND_COPY}),
}

MINIMUM_TEMPORARY_VALIDITY_MONTHS = 6  # temporary filings: at least 6 months (2022 national notice)


def _every_category(
    _instance: object, attribute: "attrs.Attribute[Any]", value: Mapping[FilingCategory, frozenset[FilingDocument]]
) -> None:
    missing = [c.value for c in FilingCategory if c not in value]
    if missing:
        raise ValueError(
            _("{name} must name the documents of every category; missing {missing}").format(
                name=attribute.name, missing=", ".join(missing)
            )
        )


@attrs.frozen
class FilingPolicy:
    """Off-site filing at the insured place: documents, institution choice, validity."""

    documents: Mapping[FilingCategory, frozenset[FilingDocument]] = attrs.field(
        default=NATIONAL_FILING_DOCUMENTS, validator=_every_category, hash=False
    )
    inpatient_documents: frozenset[FilingDocument] = frozenset({FilingDocument.ADMISSION_NOTE})
    commitment_replaces_residence_certificate: bool = True  # 个人承诺制
    max_designated_institutions: int = attrs.field(default=3, validator=attrs.validators.in_(range(0, 11)))  # 0 = city-wide
    long_term_change_lock_months: int = attrs.field(default=6, validator=attrs.validators.ge(0))
    temporary_validity_months: int = attrs.field(
        default=12, validator=attrs.validators.ge(MINIMUM_TEMPORARY_VALIDITY_MONTHS)
    )  # the seed's cycle: one year
    intra_province_filing_required: bool = False  # whether treatment in another city of the province needs filing

    @property
    def city_wide(self) -> bool:
        return self.max_designated_institutions == 0


class AccountPayable(enum.Enum):
    """Parts of the personal share the individual account may pay."""

    FULLY_SELF_PAID = "fully-self-paid"
    OVER_LIMIT = "over-limit"
    FIRST_SELF_PAID = "first-self-paid"
    IN_SCOPE = "in-scope"  # deductible, co-payment and what lies above the cap


@attrs.frozen
class SharedCap:
    """One annual pooling cap for several visit types together (commonly inpatient with
    chronic-special): their pooling fund payments of the year add up to at most ``annual_cap``."""

    visit_types: frozenset[VisitType] = attrs.field(validator=attrs.validators.min_len(2))
    annual_cap: Fen = attrs.field(validator=_fen)

    @property
    def name(self) -> str:
        return "+".join(sorted(v.value for v in self.visit_types))


def _disjoint_groups(_instance: object, attribute: "attrs.Attribute[Any]", value: tuple[SharedCap, ...]) -> None:
    seen: set[VisitType] = set()
    for shared in value:
        if seen & shared.visit_types:
            raise ValueError(_("{name}: a visit type may share one cap only, not several").format(name=attribute.name))
        seen |= shared.visit_types


@attrs.frozen
class EntitlementPolicy:
    """Who the fund may pay (the national platform's entitlement check, interface 2001).

    An employee's contributions must be paid up to ``arrears_grace_months`` before the visit's
    month; after more than ``interruption_limit_months`` unpaid months in a row, the fund pays
    again ``waiting_period_months`` after payment resumed. A retiree with
    ``retiree_minimum_years`` of contributions needs none. A resident needs the year's premium."""

    arrears_grace_months: int = attrs.field(default=3, validator=attrs.validators.ge(0))
    interruption_limit_months: int = attrs.field(default=3, validator=attrs.validators.ge(0))
    waiting_period_months: int = attrs.field(default=6, validator=attrs.validators.ge(0))
    retiree_minimum_years: int = attrs.field(default=25, validator=attrs.validators.ge(0))
    resident_premium_required: bool = True
    source: str = "sample values"


class ReimbursementCatalogue(enum.Enum):
    """Which place's catalogue a manual reimbursement is split by."""

    INSURED_PLACE = "insured-place"
    TREATMENT_PLACE = "treatment-place"


@attrs.frozen
class ReimbursementPolicy:
    """Manual reimbursement (手工报销) at the insured place."""

    catalogue: ReimbursementCatalogue = ReimbursementCatalogue.INSURED_PLACE
    retroactive_filing: bool = True  # a visit before the filing's approval may be reimbursed


@attrs.frozen
class BenefitTier:
    """Deductible, ratio and annual cap for one visit type, institution level and retiree
    status; ``None`` for level or retired matches any."""

    visit_type: VisitType
    level: InstitutionLevel | None
    retired: bool | None
    deductible: Fen = attrs.field(validator=_fen)
    ratio: Decimal = attrs.field(validator=_ratio)
    annual_cap: Fen = attrs.field(validator=_fen)  # of the pooling fund, per year and visit type
    per_admission: bool = False  # the deductible is paid again at every admission


def _at_most(limit: str) -> "attrs._ValidatorType[Decimal]":
    def check(instance: object, attribute: "attrs.Attribute[Decimal]", value: Decimal) -> None:
        _ratio(instance, attribute, value)
        if value > Decimal(limit):
            raise ValueError(_("{name} must not exceed {limit} (2022 national notice)").format(name=attribute.name, limit=limit))

    return check


@attrs.frozen
class SupplementaryBenefit:
    """Large-amount (employees) or critical illness (residents) insurance above the cap."""

    kind: SupplementaryKind
    ratio: Decimal = attrs.field(validator=_ratio)
    annual_cap: Fen = attrs.field(validator=_fen)


@attrs.frozen
class BenefitPolicy:
    """What the insured place's fund pays for a settled bill (DOMAIN.md, Direct settlement 3-4)."""

    tiers: tuple[BenefitTier, ...]
    supplementary: SupplementaryBenefit | None = None
    referral_emergency_reduction: Decimal = attrs.field(default=Decimal("0.10"), validator=_at_most("0.10"))
    other_temporary_reduction: Decimal = attrs.field(default=Decimal("0.20"), validator=_at_most("0.20"))
    unfiled_reduction: Decimal | None = None  # None: unfiled non-emergency is not reimbursed (seed rule)
    account_payable: frozenset[AccountPayable] = frozenset(
        {AccountPayable.OVER_LIMIT, AccountPayable.FIRST_SELF_PAID, AccountPayable.IN_SCOPE}
    )
    # visit types whose pooling fund draws on one annual cap together, besides each tier's own
    shared_caps: tuple[SharedCap, ...] = attrs.field(default=(), validator=_disjoint_groups)
    family_mutual_aid: bool = False  # a holder's account may pay a family member's personal part

    def shared_cap(self, visit_type: VisitType) -> SharedCap | None:
        """The annual cap ``visit_type`` shares with other visit types, if any."""
        for shared in self.shared_caps:
            if visit_type in shared.visit_types:
                return shared
        return None

    def tier(self, visit_type: VisitType, level: InstitutionLevel, retired: bool) -> BenefitTier | None:
        """The most specific tier matching the visit; None when the policy has none."""
        best: BenefitTier | None = None
        best_score = -1
        for tier in self.tiers:
            if tier.visit_type is not visit_type:
                continue
            if tier.level not in (None, level) or tier.retired not in (None, retired):
                continue
            score = (tier.level is not None) * 2 + (tier.retired is not None)
            if score > best_score:
                best, best_score = tier, score
        return best


NO_BENEFITS = BenefitPolicy(tiers=())


@attrs.frozen
class Policy:
    region: str
    scheme: Scheme
    year: int
    contribution: ContributionPolicy
    card: CardPolicy
    source: str  # where the values come from, or "sample values"
    filing: FilingPolicy = FilingPolicy()
    benefits: BenefitPolicy = NO_BENEFITS
    entitlement: EntitlementPolicy = EntitlementPolicy()
    reimbursement: ReimbursementPolicy = ReimbursementPolicy()
