"""The settlement rules on their own: no database, no plugins."""

import datetime as dt
from decimal import Decimal

import pytest
from settlement_fakes import (
    CATALOGUE,
    GUANGZHOU_CLINIC,
    INPATIENT_ONLY,
    LARGE_AMOUNT,
    SHANGHAI_HOSPITAL,
    SHENZHEN_HOSPITAL,
    UNDESIGNATED,
    benefits,
    bill,
    line,
)

from shebao.errors import RuleViolation
from shebao.model.filing import FilingCategory
from shebao.model.settlement import FilingFacts, InstitutionFacts, Management, SettlementResult, VisitType, YearToDate
from shebao.money import Fen
from shebao.policy import AccountPayable, BenefitPolicy
from shebao.rules.settlement import check_bill, line_amount, settle

SHENZHEN = "440300"
WORKED = bill(line("C1", "2000.00"), line("B1", "5000.00"), line("A1", "13000.00"))
FILED = FilingFacts(FilingCategory.LONG_TERM_RETIREE_RESETTLED)


def run(
    b: object = WORKED,
    institution: InstitutionFacts = SHANGHAI_HOSPITAL,
    policy: BenefitPolicy | None = None,
    filing: FilingFacts | None = FILED,
    year: YearToDate | None = None,
    balance: int | None = None,
    retired: bool = True,
) -> SettlementResult:
    from shebao.model.settlement import Bill

    assert isinstance(b, Bill)
    return settle(
        b, CATALOGUE, institution, SHENZHEN, retired, policy or benefits(), filing, year or YearToDate(),
        None if balance is None else Fen(balance),
    )  # fmt: skip


def assert_identities(r: SettlementResult) -> None:
    parts = [r.total, r.fully_self_paid, r.over_limit, r.first_self_paid, r.in_scope, r.deductible_applied,
             r.pooling_fund, r.supplementary, r.fund_total, r.personal, r.account, r.cash, r.balance_after]  # fmt: skip
    assert all(p >= 0 for p in parts)
    assert r.total == r.fully_self_paid + r.over_limit + r.first_self_paid + r.in_scope
    assert r.fund_total == r.pooling_fund + r.supplementary
    assert r.total == r.fund_total + r.personal
    assert r.personal == r.account + r.cash
    assert r.fund_total <= r.in_scope
    for split in r.lines:
        assert split.amount == split.fully_self_paid + split.over_limit + split.first_self_paid + split.in_scope


def test_domain_worked_example() -> None:
    r = run()
    assert (r.total, r.fully_self_paid, r.first_self_paid, r.in_scope) == (2_000_000, 200_000, 50_000, 1_750_000)
    assert r.deductible_applied == 100_000 and r.ratio == Decimal("0.85")
    assert r.pooling_fund == 1_402_500 and r.fund_total == 1_402_500
    assert r.personal == 597_500 == 200_000 + 50_000 + 100_000 + 247_500
    assert r.cash == r.personal and r.account == 0
    assert r.management is Management.FILED
    assert_identities(r)


def test_deductible_partly_used_earlier_in_the_year() -> None:
    r = run(year=YearToDate(deductible_used=Fen(60_000)))
    assert r.deductible_applied == 40_000
    assert r.pooling_fund == 1_453_500  # (17,500 - 400) x 85%
    assert r.year_after.deductible_used == 100_000


def test_per_admission_deductible_ignores_the_year() -> None:
    r = run(policy=benefits(per_admission=True), year=YearToDate(deductible_used=Fen(100_000)))
    assert r.deductible_applied == 100_000


def test_cap_reached_inside_a_bill_without_and_with_large_amount_insurance() -> None:
    year = YearToDate(deductible_used=Fen(100_000), fund_paid=Fen(39_000_000))
    r = run(year=year)
    assert r.pooling_fund == 1_000_000  # only the 10,000 left of the cap
    assert r.supplementary == 0 and r.year_after.fund_paid == 40_000_000
    assert_identities(r)
    r = run(year=year, policy=benefits(supplementary=LARGE_AMOUNT))
    covered = -(-1_000_000 * 100 // 85)  # the base the cap's 10,000 pays for at 85%
    assert r.pooling_fund == 1_000_000
    assert r.supplementary == round((1_750_000 - covered) * 0.9)
    assert_identities(r)


def test_price_limit_makes_the_excess_over_limit() -> None:
    r = run(bill(line("BED", "75.00", "10")))  # limit 60.00 a day
    assert (r.total, r.over_limit, r.in_scope) == (75_000, 15_000, 60_000)
    r = run(bill(line("STENT", "1000.00")))  # limit 800.00, then B 20% of the 800
    assert (r.over_limit, r.first_self_paid, r.in_scope) == (20_000, 16_000, 64_000)


def test_category_b_share_and_unknown_code() -> None:
    r = run(bill(line("B1", "33.33"), line("NOPE", "12.00")))
    assert r.first_self_paid == 333  # 10% of 33.33 = 3.333 -> 3.33
    assert r.fully_self_paid == 1200 and r.lines[1].category is None


def test_half_fen_rounding_on_fractional_quantities() -> None:
    assert line_amount(Decimal("0.125"), Decimal("1")) == 13  # 12.5 fen rounds up
    assert line_amount(Decimal("2.35"), Decimal("0.5")) == 118  # 117.5 fen
    assert line_amount(Decimal("0.0333"), Decimal("3")) == 10  # 9.99 fen
    assert line_amount(Decimal("10"), Decimal("0.333")) == 333
    r = run(bill(line("B1", "0.05"), line("B1", "0.05")))  # 10% of 5 fen = 0.5 fen, rounds up per line
    assert r.first_self_paid == 2


@pytest.mark.parametrize(
    ("category", "ratio"),
    [
        (FilingCategory.LONG_TERM_RETIREE_RESETTLED, "0.85"),
        (FilingCategory.LONG_TERM_PERMANENT_RESIDENT, "0.85"),
        (FilingCategory.LONG_TERM_WORKER, "0.85"),
        (FilingCategory.TEMPORARY_REFERRAL, "0.75"),
        (FilingCategory.TEMPORARY_EMERGENCY, "0.75"),
        (FilingCategory.TEMPORARY_OTHER, "0.65"),
    ],
)
def test_each_filing_category_sets_the_ratio(category: FilingCategory, ratio: str) -> None:
    r = run(filing=FilingFacts(category))
    assert r.management is Management.FILED and r.filing_category is category
    assert r.ratio == Decimal(ratio) and r.base_ratio == Decimal("0.85")
    assert r.pooling_fund == round(1_650_000 * float(ratio))


def test_unfiled_emergency_is_settled_as_an_emergency_filing() -> None:
    r = run(bill(line("A1", "1000.00"), emergency=True), filing=None)
    assert r.management is Management.EMERGENCY_UNFILED
    assert r.filing_category is FilingCategory.TEMPORARY_EMERGENCY and r.ratio == Decimal("0.75")


def test_unfiled_non_emergency_follows_the_insured_province() -> None:
    r = run(filing=None, balance=500_000)
    assert r.management is Management.UNFILED_NOT_REIMBURSED
    assert r.fund_total == 0 and r.personal == r.total == r.cash and r.account == 0
    r = run(filing=None, policy=benefits(unfiled=Decimal("0.30")))
    assert r.management is Management.UNFILED_REDUCED and r.ratio == Decimal("0.55")


def test_non_designated_or_not_open_institution_gets_no_fund() -> None:
    r = run(institution=UNDESIGNATED)
    assert r.management is Management.NOT_DESIGNATED and r.fund_total == 0 and r.personal == r.total
    outpatient = bill(line("A1", "100.00"), visit=VisitType.GENERAL_OUTPATIENT)
    r = run(outpatient, institution=INPATIENT_ONLY)
    assert r.management is Management.NOT_OPEN_FOR_SERVICE and r.fund_total == 0


def test_intra_province_needs_no_filing() -> None:
    for institution in (SHENZHEN_HOSPITAL, GUANGZHOU_CLINIC):
        r = run(bill(line("A1", "13000.00"), institution=institution.code), institution=institution, filing=None)
        assert r.management is Management.INTRA_PROVINCE and r.ratio == Decimal("0.85")


def test_account_shorter_than_the_personal_part_pays_what_it_has() -> None:
    r = run(balance=16_000)
    assert r.account == 16_000 and r.cash == 597_500 - 16_000 and r.balance_after == 0
    r = run(balance=10_000_000)  # default: not the category C part
    assert r.account == 597_500 - 200_000 and r.balance_after == 10_000_000 - r.account
    everything = benefits()
    from attrs import evolve

    r = run(balance=10_000_000, policy=evolve(everything, account_payable=frozenset(AccountPayable)))
    assert r.account == 597_500 and r.cash == 0


def test_missing_tier_is_refused_naming_the_rule() -> None:
    with pytest.raises(RuleViolation) as refused:
        run(bill(line("A1", "10.00"), visit=VisitType.GENERAL_OUTPATIENT))
    assert refused.value.rule == "benefit-policy"


def test_check_bill_names_each_bad_field() -> None:
    b = bill(line("A1", "1.00"))
    from attrs import evolve

    broken = evolve(b, discharged_on=dt.date(2026, 1, 1), lines=())
    problems = check_bill(broken)
    assert "discharge is before admission @ $.discharged_on" in problems
    assert "a bill needs at least one line @ $.lines" in problems
    assert check_bill(evolve(b, visit_type=VisitType.CHRONIC_SPECIAL, admitted_on=None, discharged_on=None)) == [
        "required for an outpatient bill @ $.treated_on",
        "required for a chronic-special visit @ $.disease",
    ]
