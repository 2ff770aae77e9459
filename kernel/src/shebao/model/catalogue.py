"""The treatment place's catalogue: drugs, services and materials with their category.

Category A is fully in policy scope; category B first has a self-paid share (the
catalogue's *policy*, commonly 10%); category C, and anything not in the catalogue, is
fully self-paid (Interim Measures on Drug Use in Basic Medical Insurance art. 25).
"""

import enum
from decimal import Decimal

import attrs

from shebao.i18n import _
from shebao.money import Fen


class Category(enum.Enum):
    A = "A"  # 甲类
    B = "B"  # 乙类
    C = "C"  # 丙类: outside the fund


def _share(_instance: object, attribute: "attrs.Attribute[Decimal]", value: Decimal) -> None:
    if not isinstance(value, Decimal) or not Decimal(0) <= value <= Decimal(1):
        raise ValueError(_("{name} must be a Decimal between 0 and 1, not {value!r}").format(name=attribute.name, value=value))


@attrs.frozen
class CatalogueItem:
    code: str = attrs.field(validator=attrs.validators.min_len(1))
    name: str
    category: Category
    first_self_pay_share: Decimal = attrs.field(default=Decimal(0), validator=_share)  # category B only
    price_limit: Fen | None = None  # highest unit price the fund recognises, fen per unit
