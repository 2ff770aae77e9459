"""Property tests: over random bills, policies, years and balances every part is ≥ 0 and the
parts add up to the fen."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from settlement_fakes import INSTITUTIONS, bill, line

from shebao.model.catalogue import CatalogueItem, Category
from shebao.model.filing import FilingCategory
from shebao.model.settlement import FilingFacts, SupplementaryKind, VisitType, YearToDate
from shebao.money import Fen
from shebao.policy import AccountPayable, BenefitPolicy, BenefitTier, SupplementaryBenefit
from shebao.rules.settlement import line_amount, settle

ratios = st.decimals(min_value=0, max_value=1, places=3)
fen = st.integers(min_value=0, max_value=50_000_000)
prices = st.decimals(min_value=0, max_value=100_000, places=4).map(str)
quantities = st.decimals(min_value=Decimal("0.001"), max_value=1000, places=3).map(str)

catalogues = st.lists(
    st.builds(
        CatalogueItem,
        code=st.sampled_from(["I0", "I1", "I2", "I3", "I4", "I5"]),
        name=st.just("item"),
        category=st.sampled_from(Category),
        first_self_pay_share=ratios,
        price_limit=st.none() | st.integers(min_value=0, max_value=1_000_000).map(Fen),
    ),
    max_size=6,
).map(lambda items: {i.code: i for i in items})

policies = st.builds(
    BenefitPolicy,
    tiers=st.tuples(
        st.builds(
            BenefitTier,
            visit_type=st.just(VisitType.INPATIENT),
            level=st.none(),
            retired=st.none(),
            deductible=fen.map(Fen),
            ratio=ratios,
            annual_cap=fen.map(Fen),
            per_admission=st.booleans(),
        )
    ),
    supplementary=st.none()
    | st.builds(SupplementaryBenefit, kind=st.sampled_from(SupplementaryKind), ratio=ratios, annual_cap=fen.map(Fen)),
    referral_emergency_reduction=st.decimals(min_value=0, max_value=Decimal("0.10"), places=2),
    other_temporary_reduction=st.decimals(min_value=0, max_value=Decimal("0.20"), places=2),
    unfiled_reduction=st.none() | ratios,
    account_payable=st.frozensets(st.sampled_from(AccountPayable)),
)

bills = st.builds(
    lambda lines, emergency, code: bill(*lines, emergency=emergency, institution=code),
    st.lists(
        st.builds(line, st.sampled_from(["I0", "I1", "I2", "I3", "I4", "I5", "X"]), prices, quantities), min_size=1, max_size=8
    ),
    st.booleans(),
    st.sampled_from(sorted(INSTITUTIONS)),
)


@settings(max_examples=400, deadline=None)
@given(
    b=bills,
    catalogue=catalogues,
    policy=policies,
    filing=st.none() | st.sampled_from(FilingCategory).map(FilingFacts),
    year=st.builds(YearToDate, fen.map(Fen), fen.map(Fen), fen.map(Fen)),
    balance=st.none() | fen.map(Fen),
    retired=st.booleans(),
)
def test_every_part_adds_up_to_the_fen(
    b: object, catalogue: dict[str, CatalogueItem], policy: BenefitPolicy, filing: FilingFacts | None,
    year: YearToDate, balance: Fen | None, retired: bool,
) -> None:  # fmt: skip
    from shebao.model.settlement import Bill

    assert isinstance(b, Bill)
    r = settle(b, catalogue, INSTITUTIONS[b.institution_code], "440300", retired, policy, filing, year, balance)
    parts = [r.total, r.fully_self_paid, r.over_limit, r.first_self_paid, r.in_scope, r.deductible_applied,
             r.pooling_fund, r.supplementary, r.fund_total, r.personal, r.account, r.cash, r.balance_after]  # fmt: skip
    assert all(part >= 0 for part in parts)
    assert r.total == r.fully_self_paid + r.over_limit + r.first_self_paid + r.in_scope
    assert r.total == r.fund_total + r.personal
    assert r.fund_total == r.pooling_fund + r.supplementary
    assert r.personal == r.account + r.cash
    assert r.fund_total <= r.in_scope
    assert r.total == sum(line_amount(x.unit_price, x.quantity) for x in b.lines)
    assert r.deductible_applied <= r.deductible
    if balance is not None:
        assert r.account <= balance and r.balance_after == balance - r.account
    assert r.year_after.fund_paid <= max(year.fund_paid, policy.tiers[0].annual_cap)
    if policy.supplementary is not None:
        assert r.year_after.supplementary_paid <= max(year.supplementary_paid, policy.supplementary.annual_cap)
    assert r.ratio <= r.base_ratio


@given(price=st.decimals(min_value=0, max_value=10_000, places=4), quantity=st.decimals(min_value=0, max_value=1000, places=3))
def test_line_amount_is_the_exact_product_rounded_half_up(price: Decimal, quantity: Decimal) -> None:
    from decimal import ROUND_HALF_UP

    assert line_amount(price, quantity) == int((price * quantity * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
