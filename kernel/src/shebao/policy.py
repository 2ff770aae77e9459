"""A province's policy for its insured: the values DOMAIN.md marks *policy*.

A province plugin answers ``shebao_policy`` with one ``Policy`` per region, scheme and
year. Sub-policies group the values each use case reads, so a plugin can start from the
bundled defaults and replace only what it knows (``attrs.evolve``).
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from shebao.model.filing import FilingCategory, FilingDocument
from shebao.model.person import Scheme
from shebao.money import Fen


def _ratio(_: object, attribute: "attrs.Attribute[Decimal]", value: Decimal) -> None:
    if not isinstance(value, Decimal) or not Decimal(0) <= value <= Decimal(1):
        raise ValueError(f"{attribute.name} must be a Decimal between 0 and 1, not {value!r}")


def _fen(_: object, attribute: "attrs.Attribute[Any]", value: int) -> None:
    if not isinstance(value, int) or value < 0:
        raise ValueError(f"{attribute.name} must be a non-negative number of fen, not {value!r}")


@attrs.frozen
class ContributionPolicy:
    """Premium rates on the contribution base, and what the individual account receives."""

    employer_rate: Decimal = attrs.field(validator=_ratio)
    individual_rate: Decimal = attrs.field(validator=_ratio)
    account_share: Decimal = attrs.field(validator=_ratio)  # employee: own contribution, ~2%
    flexible_rate: Decimal = attrs.field(validator=_ratio)  # flexible worker pays both parts
    flexible_account_share: Decimal = attrs.field(validator=_ratio)
    retiree_monthly_credit: Fen = attrs.field(validator=_fen)


@attrs.frozen
class CardPolicy:
    """The first social security card: fee, collecting banks, production time."""

    first_card_fee: Fen = attrs.field(validator=_fen)
    collecting_banks: tuple[str, ...]  # payment channel codes accepted for the fee
    production_working_days: int = attrs.field(validator=attrs.validators.ge(0))
    payee_name: str = ""
    payee_account: str = ""


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
    _: object, attribute: "attrs.Attribute[Any]", value: Mapping[FilingCategory, frozenset[FilingDocument]]
) -> None:
    missing = [c.value for c in FilingCategory if c not in value]
    if missing:
        raise ValueError(f"{attribute.name} must name the documents of every category; missing {', '.join(missing)}")


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


@attrs.frozen
class Policy:
    region: str
    scheme: Scheme
    year: int
    contribution: ContributionPolicy
    card: CardPolicy
    source: str  # where the values come from, or "sample values"
    filing: FilingPolicy = FilingPolicy()
