"""A province's policy for its insured: the values DOMAIN.md marks *policy*.

A province plugin answers ``shebao_policy`` with one ``Policy`` per region, scheme and
year. Sub-policies group the values each use case reads, so a plugin can start from the
bundled defaults and replace only what it knows (``attrs.evolve``).
"""

from decimal import Decimal
from typing import Any

import attrs

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


@attrs.frozen
class Policy:
    region: str
    scheme: Scheme
    year: int
    contribution: ContributionPolicy
    card: CardPolicy
    source: str  # where the values come from, or "sample values"
