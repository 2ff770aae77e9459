"""The catalogue split is integer arithmetic on the exact fractions of price and quantity; over
random lines it must give what the same rules give written in Decimal (half up at every fen),
and the parser's fast reading of plain decimal text what its general reading gives."""

from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from shebao.convert import exact_decimal as _exact_decimal
from shebao.convert import quantity as _quantity
from shebao.convert import unit_price as _unit_price
from shebao.model.catalogue import CatalogueItem, Category
from shebao.model.settlement import BillLine, Quantity, Yuan
from shebao.money import Fen
from shebao.rules.settlement import split_line

prices = st.decimals(min_value=0, max_value=10**9, places=6, allow_nan=False, allow_infinity=False)
quantities = st.decimals(min_value=Decimal("0.000001"), max_value=10**6, places=6, allow_nan=False, allow_infinity=False)
items = st.none() | st.builds(
    CatalogueItem,
    code=st.just("I"),
    name=st.just("item"),
    category=st.sampled_from(Category),
    first_self_pay_share=st.decimals(min_value=0, max_value=1, places=4),
    price_limit=st.none() | st.integers(min_value=0, max_value=10**11).map(Fen),
)


def _fen(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def decimal_split(price: Decimal, quantity: Decimal, item: CatalogueItem | None) -> tuple[int, ...]:
    """The split written in Decimal: amount, fully self-paid, over limit, first self-paid, in scope."""
    with localcontext(Context(prec=200)):
        amount = _fen(price * quantity * 100)
        if item is None or item.category is Category.C:
            return (amount, amount, 0, 0, 0)
        over = 0 if item.price_limit is None else max(0, amount - _fen(Decimal(item.price_limit) * quantity))
        rest = amount - over
        first = _fen(rest * item.first_self_pay_share) if item.category is Category.B else 0
        return (amount, 0, over, first, rest - first)


@settings(max_examples=600)
@given(price=prices, quantity=quantities, item=items)
def test_integer_split_equals_the_decimal_rules(price: Decimal, quantity: Decimal, item: CatalogueItem | None) -> None:
    split = split_line(BillLine("I", "item", Yuan(price), Quantity(quantity)), item)
    got = (split.amount, split.fully_self_paid, split.over_limit, split.first_self_paid, split.in_scope)
    assert got == decimal_split(price, quantity, item)
    assert split.amount == sum(got[1:])


@settings(max_examples=600)
@given(price=prices, quantity=quantities)
def test_plain_decimal_text_reads_as_the_general_reading(price: Decimal, quantity: Decimal) -> None:
    for text, read, what in ((f"{price:f}", _unit_price, "unit price"), (f"{quantity:f}", _quantity, "quantity")):
        fast = read(text, Decimal)
        general = _exact_decimal(text, what)
        assert fast == general and str(fast) == str(general) and fast.as_tuple() == general.as_tuple()
