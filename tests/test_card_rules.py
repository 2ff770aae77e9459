"""Pure rules of the card: working days on China's calendar, steps, numbers, photo rule."""

import datetime as dt

import pytest

from shebao.errors import RuleViolation
from shebao.ids import CitizenId
from shebao.model.card import CardApplication, CardState, IdentityDocument, PhotoSource
from shebao.model.payment import NoticeKind
from shebao.model.person import Person, Scheme, Status
from shebao.money import Fen
from shebao.rules.card import STEP_ACTIONS, TRANSITIONS, card_number, check_transition, is_card_number, photo_source
from shebao.rules.notices import notice_kind, notice_number
from shebao.rules.workdays import add_working_days, china_calendar

D = dt.date


def test_spring_festival_2026_with_its_make_up_saturdays() -> None:
    calendar = china_calendar()
    assert calendar.is_working_day(D(2026, 2, 14))  # Saturday worked for the Spring Festival
    assert calendar.is_working_day(D(2026, 2, 28))  # Saturday worked
    assert not calendar.is_working_day(D(2026, 2, 17))  # Spring Festival
    assert not calendar.is_working_day(D(2026, 2, 23))  # Monday off in exchange
    # paid Tue 10 Feb: 11-13, Sat 14, 24-27, Sat 28, 2-6 Mar, 9-13 Mar, then Mon 16 Mar is the 20th
    result = add_working_days(D(2026, 2, 10), 20)
    assert result.day == D(2026, 3, 16) and not result.estimated


def test_national_day_2026_with_its_make_up_weekends() -> None:
    calendar = china_calendar()
    assert calendar.is_working_day(D(2026, 9, 20))  # Sunday worked
    assert calendar.is_working_day(D(2026, 10, 10))  # Saturday worked
    assert not calendar.is_working_day(D(2026, 10, 7))
    # paid Fri 25 Sep (Mid-Autumn): 28-30 Sep (3), 1-7 Oct off, 8-9 Oct, Sat 10 Oct (6), 12-16, 19-23, 26-29 Oct (20)
    assert add_working_days(D(2026, 9, 25), 20).day == D(2026, 10, 29)


def test_spring_festival_2025_make_up_days() -> None:
    # 2025: Sun 26 Jan and Sat 8 Feb were worked; 28 Jan - 4 Feb off
    assert add_working_days(D(2025, 1, 24), 2).day == D(2025, 1, 27)  # Sun 26, Mon 27
    assert add_working_days(D(2025, 1, 27), 1).day == D(2025, 2, 5)
    assert add_working_days(D(2025, 2, 7), 1).day == D(2025, 2, 8)


def test_a_year_without_announced_schedule_is_an_estimate() -> None:
    calendar = china_calendar()
    last = max(calendar.announced_years)
    assert last >= 2026
    result = add_working_days(D(last, 12, 20), 20)
    assert result.day.year == last + 1
    assert result.estimated
    assert not add_working_days(D(last, 3, 2), 20).estimated


def _application(state: CardState) -> CardApplication:
    return CardApplication(
        number="SQ202603020001", citizen_id="440300195505050056", applied_on=D(2026, 3, 2), region="440300",
        document=IdentityDocument.IDENTITY_CARD, photo_source=PhotoSource.PUBLIC_SECURITY, photo_receipt=None,
        phone="13800138000", address="x", fee=Fen(2000), notice_number=None, state=state,
    )  # fmt: skip


def test_every_state_allows_only_its_next_steps() -> None:
    for state, allowed in TRANSITIONS.items():
        for target in CardState:
            if target in allowed:
                check_transition(_application(state), target)
            else:
                with pytest.raises(RuleViolation) as refused:
                    check_transition(_application(state), target)
                assert refused.value.rule == "card-state"


def test_every_state_is_reached_by_a_step_the_audit_names_once() -> None:
    assert set(STEP_ACTIONS) == set(CardState)
    assert len(set(STEP_ACTIONS.values())) == len(CardState)


def test_card_numbers_are_a_letter_and_eight_digits_with_a_check() -> None:
    numbers = {card_number(n) for n in (1, 2, 9_999_999, 10_000_000, 123_456_789)}
    assert len(numbers) == 5
    assert all(len(n) == 9 and n[0].isalpha() and n[1:].isdigit() and is_card_number(n) for n in numbers)
    assert card_number(1) == "A00000018"
    assert not is_card_number("A00000019")


def test_notice_numbers_tell_what_they_collect_and_catch_typos() -> None:
    card = notice_number(NoticeKind.CARD_FEE, "440300", D(2026, 3, 2), 1)
    contribution = notice_number(NoticeKind.CONTRIBUTION, "440300", D(2026, 3, 2), 1)
    assert card.startswith("SK4403002026030200") and len(card) == 21
    assert notice_kind(card) is NoticeKind.CARD_FEE
    assert notice_kind(contribution) is NoticeKind.CONTRIBUTION
    assert notice_kind(card[:-1] + str((int(card[-1]) + 1) % 10)) is None
    assert notice_kind("XX4403002026030200013") is None


def _person(hukou: str, photo: bool = False) -> Person:
    return Person(CitizenId("440300195505050056"), "陈建", "CHN", hukou, "440300", Scheme.EMPLOYEE, Status.RETIRED,
                  D(2026, 1, 1), photo_on_file=photo)  # fmt: skip


def test_photo_receipt_needed_when_not_local_or_without_identity_card() -> None:
    assert photo_source(_person("440306"), IdentityDocument.IDENTITY_CARD, None) is PhotoSource.PUBLIC_SECURITY
    for person, document in (
        (_person("510122"), IdentityDocument.IDENTITY_CARD),
        (_person("440306"), IdentityDocument.HOUSEHOLD_REGISTER),
    ):
        with pytest.raises(RuleViolation) as refused:
            photo_source(person, document, None)
        assert refused.value.rule == "photo-receipt"
        assert photo_source(person, document, "PH123456") is PhotoSource.RECEIPT
    # a public-security photo on file is the default
    assert photo_source(_person("510122", photo=True), IdentityDocument.HOUSEHOLD_REGISTER, None) is PhotoSource.PUBLIC_SECURITY
