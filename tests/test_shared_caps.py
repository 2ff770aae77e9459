"""Annual pooling caps shared by several visit types: inpatient and chronic-special together
draw on one cap, besides each tier's own; general outpatient keeps its own. ``shebao check``
finds a shared cap passed."""

import datetime as dt
from decimal import Decimal

import pytest
import sqlite_utils
from settlement_fakes import CATALOGUE, SHENZHEN_HOSPITAL, bill, line

from shebao.convert import structure
from shebao.maintenance import check
from shebao.model.settlement import ChronicDisease, VisitType, YearToDate
from shebao.money import Fen
from shebao.policy import BenefitPolicy, BenefitTier, SharedCap
from shebao.rules.settlement import settle
from shebao.services.people import RegisterPerson, register_person
from shebao.store.unit_of_work import SqliteUnitOfWork

INPATIENT_CAP, CHRONIC_CAP, SHARED_CAP, OUTPATIENT_CAP = 40_000_000, 5_000_000, 40_000_000, 500_000
BENEFITS = BenefitPolicy(
    tiers=(
        BenefitTier(VisitType.INPATIENT, None, None, Fen(0), Decimal("0.9"), Fen(INPATIENT_CAP)),
        BenefitTier(VisitType.CHRONIC_SPECIAL, None, None, Fen(0), Decimal("0.9"), Fen(CHRONIC_CAP)),
        BenefitTier(VisitType.GENERAL_OUTPATIENT, None, None, Fen(0), Decimal("0.5"), Fen(OUTPATIENT_CAP)),
    ),
    shared_caps=(SharedCap(frozenset({VisitType.INPATIENT, VisitType.CHRONIC_SPECIAL}), Fen(SHARED_CAP)),),
)


def settle_visit(visit: VisitType, price: str, year: YearToDate) -> tuple[int, int | None, str | None]:
    b = bill(line("A1", price), institution=SHENZHEN_HOSPITAL.code, visit=visit, on=dt.date(2026, 6, 1))
    if visit is VisitType.CHRONIC_SPECIAL:
        import attrs

        b = attrs.evolve(b, disease=ChronicDisease.DIABETES)
    r = settle(b, CATALOGUE, SHENZHEN_HOSPITAL, "440300", False, BENEFITS, None, year, None)
    return r.pooling_fund, r.shared_cap, r.cap_group


def test_a_chronic_special_visit_gets_only_what_the_inpatient_stays_left_of_the_shared_cap() -> None:
    # inpatient stays paid 398,000 yuan this year: 2,000 yuan remain of the shared cap
    fund, shared, group = settle_visit(VisitType.CHRONIC_SPECIAL, "30000.00", YearToDate(shared_fund_paid=Fen(39_800_000)))
    assert fund == 200_000 and shared == SHARED_CAP and group == "chronic-special+inpatient"
    alone, _, _ = settle_visit(VisitType.CHRONIC_SPECIAL, "30000.00", YearToDate())
    assert alone == 2_700_000  # alone, 90% of 30,000 yuan within its own cap of 50,000


def test_the_tiers_own_cap_still_holds_inside_the_shared_one() -> None:
    fund, _, _ = settle_visit(VisitType.CHRONIC_SPECIAL, "100000.00", YearToDate(fund_paid=Fen(4_900_000)))
    assert fund == 100_000  # 1,000 yuan left of chronic-special's own 50,000


def test_general_outpatient_keeps_its_own_cap() -> None:
    fund, shared, group = settle_visit(VisitType.GENERAL_OUTPATIENT, "1000.00", YearToDate(shared_fund_paid=Fen(10**9)))
    assert fund == 50_000 and shared is None and group is None


def test_the_bundled_provinces_share_the_inpatient_cap_with_chronic_special() -> None:
    from shebao import plugins
    from shebao.model.person import Scheme

    for region in ("110100", "310100", "440300", "440100", "510100"):
        for scheme in Scheme:
            shared = plugins.policy(plugins.region(region), scheme, 2026).benefits.shared_cap(VisitType.CHRONIC_SPECIAL)
            assert shared is not None and VisitType.INPATIENT in shared.visit_types
            assert plugins.policy(plugins.region(region), scheme, 2026).benefits.shared_cap(VisitType.GENERAL_OUTPATIENT) is None


@pytest.mark.parametrize("over", [False, True])
def test_check_finds_a_shared_cap_passed(db: sqlite_utils.Database, uow: SqliteUnitOfWork, over: bool) -> None:
    data = {"citizen_id": "440304198503120021", "name": "李娜", "insured_region": "440300", "scheme": "employee"}
    register_person(uow, structure({**data, "status": "employed"}, RegisterPerson), dt.date(2026, 1, 10))
    assert check(db) == []
    # two live settlements of one cap group whose pooling adds up past the shared cap (or not)

    for number, (visit, fund) in enumerate(
        ((VisitType.INPATIENT, 30_000_000), (VisitType.CHRONIC_SPECIAL, 5_000_000 + 5_000_001 * over))
    ):
        b = bill(line("A1", "1.00"), number=f"S{number}", citizen_id="440304198503120021", visit=visit)
        total = fund + 100
        db.execute(
            "INSERT INTO settlements (id, bill_number, citizen_id, person_name, scheme, institution_code, institution_name,"
            " insured_region, treatment_region, visit_type, emergency, certificate, service_date, management, total,"
            " fully_self_paid, over_limit, first_self_paid, in_scope, deductible, deductible_applied, base_ratio, ratio,"
            " annual_cap, pooling_fund, supplementary, fund_total, personal, account, cash, balance_after,"
            " year_deductible_used, year_fund_paid, year_supplementary_paid, policy_source, settled_on, operator,"
            " shared_cap, cap_group) VALUES (?, ?, ?, '李娜', 'employee', 'H1', 'h', '440300', '440300', ?, 0, 'card',"
            " '2026-06-01', 'intra-province', ?, 0, 0, 0, ?, 0, 0, '0.9', '0.9', ?, ?, 0, ?, 100, 0, 100, 0, 0, ?, 0,"
            " 'test', '2026-06-01', 'tester', ?, 'chronic-special+inpatient')",
            [number + 1, b.bill_number, b.citizen_id.number, visit.value, total, total, 10**9, fund, fund, fund, SHARED_CAP],
        )
        db.execute(
            "INSERT INTO settlement_lines VALUES (?, 1, 'A1', 'A1', '1', '1', 'A', ?, 0, 0, 0, ?)", [number + 1, total, total]
        )
        db.execute("INSERT INTO benefit_years VALUES ('440304198503120021', 2026, ?, 0, ?)", [visit.value, fund])
    problems = [p for p in check(db) if p.check == "shared-cap"]
    assert bool(problems) is over
