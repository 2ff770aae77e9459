"""Rules of money, ids and registration, without a database."""

import datetime as dt
from decimal import Decimal

import pytest

from shebao.errors import RuleViolation
from shebao.ids import CitizenId, Sex, normalize_bank_card, normalize_uscc
from shebao.model.employer import Employment
from shebao.model.person import Person, Scheme, Status
from shebao.money import Fen, apply_ratio, capital_numerals, parse_yuan, round_fen, yuan
from shebao.policy import ContributionPolicy
from shebao.rules.contribution import assess_contribution
from shebao.rules.registration import RegistrationState, check_working_age, overdue_registrations, registration_state

POLICY = ContributionPolicy(
    employer_rate=Decimal("0.08"),
    individual_rate=Decimal("0.02"),
    account_share=Decimal("0.02"),
    flexible_rate=Decimal("0.10"),
    flexible_account_share=Decimal("0.02"),
    retiree_monthly_credit=Fen(8000),
)


def person(status: Status, scheme: Scheme = Scheme.EMPLOYEE, citizen_id: str = "440304198503120021") -> Person:
    return Person(
        citizen_id=CitizenId(citizen_id),
        name="李娜",
        nationality="CHN",
        hukou_region="440300",
        insured_region="440300",
        scheme=scheme,
        status=status,
        registered_on=dt.date(2026, 1, 1),
    )


def test_rounding_is_half_up_never_half_even() -> None:
    assert round_fen(Decimal("0.5")) == 1
    assert round_fen(Decimal("2.5")) == 3  # half-even would give 2
    assert apply_ratio(Fen(1), Decimal("0.5")) == 1
    assert apply_ratio(Fen(5), Decimal("0.85")) == 4  # 4.25


def test_yuan_parsing_rejects_fractions_of_a_fen_negative_and_non_numbers() -> None:
    assert parse_yuan("20") == 2000
    assert parse_yuan("1234.50") == 123450
    for bad in ("0.001", "-1", "abc", "NaN", "Infinity", "1e30", ""):
        with pytest.raises(ValueError):
            parse_yuan(bad)
    assert yuan(Fen(2000)) == "20.00" and yuan(-5) == "-0.05"


def test_capital_numerals_on_notices() -> None:
    assert capital_numerals(Fen(2000)) == "贰拾元整"
    assert capital_numerals(Fen(123450)) == "壹仟贰佰叁拾肆元伍角"
    assert capital_numerals(Fen(0)) == "零元整"


def test_citizen_id_derives_birth_date_sex_and_birthplace() -> None:
    cid = CitizenId("440304199207180032")
    assert cid.birth_date == dt.date(1992, 7, 18)
    assert cid.sex is Sex.MALE
    assert cid.address_code == "440304"
    assert cid.masked() == "4403**********0032"
    assert CitizenId("440304850312002").number == "440304198503120021"  # legacy 15 digits


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("440304198503120022", "check character"),
        ("44030419850312002", "18 characters"),
        ("4403041985031200AA", "17 digits"),
        ("440304198502300021", "birth date"),
        ("990000198503120021", "address code"),
    ],
)
def test_citizen_id_errors_say_what_is_wrong(number: str, reason: str) -> None:
    body = number[:17]
    from stdnum.cn import ric

    if reason not in ("check character", "18 characters", "17 digits"):
        number = body + ric.calc_check_digit(body + "0")  # a right check, so the component fails
    with pytest.raises(ValueError, match=reason):
        CitizenId(number)


def test_uscc_and_bank_card_checks() -> None:
    assert normalize_uscc("91440300MA5F000007") == "91440300MA5F000007"
    with pytest.raises(ValueError):
        normalize_uscc("91440300MA5F000008")
    assert normalize_bank_card("6222 0202 0000 0000 006") == "6222020200000000006"
    with pytest.raises(ValueError, match="check digit"):
        normalize_bank_card("6222020200000000008")


def test_registration_deadline_is_thirty_days() -> None:
    start = dt.date(2026, 1, 2)
    day_30 = Employment("E", "P", start, dt.date(2026, 2, 1))
    day_31 = Employment("E", "P", start, dt.date(2026, 2, 2))
    unregistered = Employment("E", "P", start, None)
    assert registration_state(day_30, dt.date(2026, 3, 1)) is RegistrationState.ON_TIME
    assert registration_state(day_31, dt.date(2026, 3, 1)) is RegistrationState.LATE
    assert registration_state(unregistered, dt.date(2026, 2, 1)) is RegistrationState.PENDING
    assert registration_state(unregistered, dt.date(2026, 2, 2)) is RegistrationState.MISSING
    found = overdue_registrations([day_30, day_31, unregistered], dt.date(2026, 2, 11))
    assert [(o.state, o.days_late) for o in found] == [(RegistrationState.MISSING, 10), (RegistrationState.LATE, 1)]


def test_contribution_assessment_by_status() -> None:
    employee = assess_contribution(person(Status.EMPLOYED), Fen(800000), POLICY, employer_paid=True)
    assert (employee.employer_part, employee.individual_part, employee.account_credit) == (64000, 16000, 16000)
    flexible = assess_contribution(person(Status.FLEXIBLE), Fen(600000), POLICY, employer_paid=False)
    assert (flexible.employer_part, flexible.individual_part, flexible.account_credit) == (0, 60000, 12000)
    for status, rule in ((Status.RETIRED, "retirees-do-not-pay"), (Status.UNEMPLOYED, "unemployed-insurance-pays")):
        with pytest.raises(RuleViolation, match=rule):
            assess_contribution(person(status), Fen(100), POLICY, employer_paid=False)
    with pytest.raises(RuleViolation, match="employer-pays-employee"):
        assess_contribution(person(Status.EMPLOYED), Fen(100), POLICY, employer_paid=False)


def test_employment_starts_on_the_16th_birthday_at_the_earliest() -> None:
    born_10_march_2010 = person(Status.UNEMPLOYED, citizen_id="440304201003100010")
    # 16 × 365 days after birth is 6 March 2026: four leap days short of the birthday
    for day in (dt.date(2026, 3, 6), dt.date(2026, 3, 9)):
        with pytest.raises(RuleViolation, match="minimum-working-age"):
            check_working_age(born_10_march_2010, day)
    check_working_age(born_10_march_2010, dt.date(2026, 3, 10))
