"""Refusals that services held and rules now hold, tested without a database."""

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from shebao.errors import RuleViolation
from shebao.ids import CitizenId
from shebao.model.employer import Employment
from shebao.model.filing import Filing, FilingCategory, FilingState
from shebao.model.fund import FamilyLink, Relation
from shebao.model.person import Person, Scheme, Standing, Status
from shebao.model.settlement import Bill, BillLine, Quantity, VisitType, Yuan
from shebao.money import Fen
from shebao.periods import Month
from shebao.policy import BenefitPolicy
from shebao.rules.arrears import check_assessable
from shebao.rules.contribution import check_resident_premium
from shebao.rules.family import check_family_link, check_family_pair
from shebao.rules.filing import retroactive_filing
from shebao.rules.register import check_retirement, check_stop, check_transfer, employment_ending
from shebao.rules.settlement import check_visit_dates, family_aid

TODAY = dt.date(2026, 5, 10)
HOLDER = "440304198503120021"
MEMBER = "440300195505050056"


def person(
    number: str = HOLDER,
    scheme: Scheme = Scheme.EMPLOYEE,
    status: Status = Status.EMPLOYED,
    region: str = "440300",
    standing: Standing = Standing.INSURED,
) -> Person:
    return Person(
        citizen_id=CitizenId(number),
        name="李娜",
        nationality="CHN",
        hukou_region=region,
        insured_region=region,
        scheme=scheme,
        status=status,
        registered_on=dt.date(2026, 1, 1),
        standing=standing,
    )


def refused(rule: str) -> "pytest.RaisesExc[RuleViolation]":
    return pytest.raises(RuleViolation, match=f"rule '{rule}'")


def test_a_resident_premium_is_a_living_residents_for_a_year_of_their_life() -> None:
    resident = person(scheme=Scheme.RESIDENT, status=Status.UNEMPLOYED)
    check_resident_premium(resident, 2027, TODAY)  # next year's is collected from autumn
    with refused("resident-scheme-premium"):
        check_resident_premium(person(), 2026, TODAY)
    with refused("premium-year"):
        check_resident_premium(resident, 2028, TODAY)
    with refused("premium-year"):
        check_resident_premium(resident, 1984, TODAY)
    with refused("deceased-record-closed"):
        check_resident_premium(person(scheme=Scheme.RESIDENT, standing=Standing.DECEASED), 2026, TODAY)


def test_a_family_link_joins_two_persons_of_one_area_to_an_account() -> None:
    holder, member = person(), person(MEMBER, status=Status.RETIRED)
    check_family_pair(holder, member, has_account=True)
    with refused("family-member"):
        check_family_pair(holder, holder, has_account=True)
    with refused("employee-account"):
        check_family_pair(holder, member, has_account=False)
    with refused("family-same-area"):
        check_family_pair(holder, person(MEMBER, region="310100"), has_account=True)


def test_a_family_link_needs_the_policy_and_no_other_holder() -> None:
    allowed = BenefitPolicy(tiers=(), family_mutual_aid=True)
    check_family_link(person(), allowed, None)
    with refused("family-mutual-aid"):
        check_family_link(person(), BenefitPolicy(tiers=()), None)
    other = FamilyLink(1, "110101199003070011", MEMBER, Relation.PARENT, dt.date(2026, 2, 1))
    with refused("family-one-holder"):
        check_family_link(person(), allowed, other)


def test_family_aid_pays_from_the_day_of_the_link_with_an_activated_account() -> None:
    link = FamilyLink(1, HOLDER, MEMBER, Relation.PARENT, dt.date(2026, 3, 1))
    assert family_aid(link, Fen(5000), dt.date(2026, 3, 1)) is not None
    assert family_aid(link, Fen(5000), dt.date(2026, 2, 28)) is None
    assert family_aid(link, None, dt.date(2026, 4, 1)) is None
    assert family_aid(None, Fen(5000), dt.date(2026, 4, 1)) is None


def test_an_assessment_is_for_an_unregistered_employee_who_is_not_retired() -> None:
    unregistered = [Employment("91440300MA5F000007", HOLDER, dt.date(2026, 1, 1), None)]
    check_assessable(person(), unregistered, "91440300MA5F000007", Month(2026, 1))
    with refused("retirees-do-not-pay"):
        check_assessable(person(status=Status.RETIRED), [], "91440300MA5F000007", Month(2026, 1))
    registered = [Employment("91440300MA5F000007", HOLDER, dt.date(2026, 1, 31), dt.date(2026, 2, 1))]
    with refused("assess-unregistered-only"):
        check_assessable(person(), registered, "91440300MA5F000007", Month(2026, 1))
    check_assessable(person(), registered, "91440300MA5F000007", Month(2025, 12))  # before it started


def _bill(treated_on: dt.date) -> Bill:
    line = BillLine("X1", "检查", Yuan(Decimal("10")), Quantity(Decimal("1")))
    return Bill("B1", CitizenId(HOLDER), "H1", VisitType.GENERAL_OUTPATIENT, (line,), treated_on=treated_on)


def test_a_visit_is_settled_once_ended_and_within_the_persons_life() -> None:
    check_visit_dates(_bill(TODAY), dt.date(1985, 3, 12), TODAY)
    with refused("no-future-visit"):
        check_visit_dates(_bill(TODAY + dt.timedelta(days=1)), dt.date(1985, 3, 12), TODAY)
    with refused("visit-in-lifetime"):
        check_visit_dates(_bill(dt.date(1985, 3, 11)), dt.date(1985, 3, 12), TODAY)


def _filing(region: str, applied_on: dt.date, state: FilingState = FilingState.APPROVED) -> Filing:
    return Filing(
        "YD1",
        HOLDER,
        "440300",
        region,
        FilingCategory.TEMPORARY_OTHER,
        frozenset(),
        applied_on,
        applied_on,
        None,
        state,
    )


def test_a_retroactive_filing_is_approved_for_the_region_after_the_visit() -> None:
    visit = dt.date(2026, 4, 1)
    found = retroactive_filing([_filing("310000", dt.date(2026, 4, 2))], "310104", visit)
    assert found.number == "YD1"
    retroactive_filing([_filing("310100", dt.date(2026, 4, 2))], "310104", visit)  # a city holds its districts
    for filings in (
        [],
        [_filing("310000", dt.date(2026, 3, 31))],
        [_filing("310000", dt.date(2026, 4, 2), FilingState.APPLIED)],
        [_filing("320000", dt.date(2026, 4, 2))],
    ):
        with refused("retroactive-filing"):
            retroactive_filing(filings, "310104", visit)


def test_a_change_of_record_follows_the_employment() -> None:
    open_job = Employment("91440300MA5F000007", HOLDER, dt.date(2026, 1, 5), dt.date(2026, 1, 5))
    ended = attrs.evolve(open_job, ended_on=dt.date(2026, 2, 28))
    check_retirement(person())
    with refused("retire-from-employee-scheme"):
        check_retirement(person(scheme=Scheme.RESIDENT, status=Status.UNEMPLOYED))
    check_stop([ended])
    with refused("employer-ends-employment"):
        check_stop([ended, open_job])
    check_transfer(person(status=Status.UNEMPLOYED), "310100", [open_job])
    with refused("transfer-elsewhere"):
        check_transfer(person(), "440300", [])
    with refused("insured-where-employed"):
        check_transfer(person(), "310100", [open_job])
    assert employment_ending([open_job], "91440300MA5F000007", dt.date(2026, 1, 5)) == open_job
    with refused("open-employment"):
        employment_ending([ended], "91440300MA5F000007", dt.date(2026, 3, 1))
    with refused("end-after-start"):
        employment_ending([open_job], "91440300MA5F000007", dt.date(2026, 1, 4))


def test_an_employer_remits_a_month_it_employed_the_person_in() -> None:
    from shebao.rules.contribution import check_employer_of_record

    hired_on_the_last_day = [Employment("91440300MA5F000007", HOLDER, dt.date(2026, 2, 28), dt.date(2026, 2, 28))]
    check_employer_of_record(hired_on_the_last_day, "91440300MA5F000007", Month(2026, 2))
    with refused("employer-of-record"):
        check_employer_of_record(hired_on_the_last_day, "91440300MA5F000007", Month(2026, 1))
    assert Month(2024, 2).last_day == dt.date(2024, 2, 29) and Month(2026, 12).last_day == dt.date(2026, 12, 31)


def test_earlier_filings_may_stand_in_the_way_of_a_new_one() -> None:
    from shebao.policy import FilingPolicy
    from shebao.rules.filing import check_earlier

    policy, day = FilingPolicy(), dt.date(2026, 5, 1)
    long_term = attrs.evolve(
        _filing("310100", dt.date(2026, 4, 1)),
        category=FilingCategory.LONG_TERM_RETIREE_RESETTLED,
        decided_on=dt.date(2026, 4, 1),
    )
    check_earlier([], FilingCategory.TEMPORARY_OTHER, "310100", day, policy)
    with refused("one-pending-filing"):
        check_earlier([_filing("310100", day, FilingState.APPLIED)], FilingCategory.TEMPORARY_OTHER, "310100", day, policy)
    with refused("change-lock"):
        check_earlier([long_term], FilingCategory.LONG_TERM_PERMANENT_RESIDENT, "320100", day, policy)
    check_earlier([long_term], FilingCategory.LONG_TERM_PERMANENT_RESIDENT, "320100", dt.date(2026, 10, 1), policy)
