"""Filing rules without a database: when filing is needed, documents, validity, coverage."""

import datetime as dt
from typing import Any

import attrs
import pytest

from shebao.model.filing import Filing, FilingCategory, FilingDocument, FilingState
from shebao.policy import FilingPolicy
from shebao.rules import filing as rules

POLICY = FilingPolicy()
D = FilingDocument


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert rules.add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert rules.add_months(dt.date(2026, 4, 1), 12) == dt.date(2027, 4, 1)


def test_filing_needed_only_across_provinces_unless_the_policy_says_cities_too() -> None:
    assert rules.why_no_filing("440300", "310100", POLICY) is None
    assert "insured province" in (rules.why_no_filing("440300", "440100", POLICY) or "")
    strict = FilingPolicy(intra_province_filing_required=True)
    assert rules.why_no_filing("510100", "510700", strict) is None
    assert "insured place itself" in (rules.why_no_filing("510100", "510100", strict) or "")


@pytest.mark.parametrize(
    ("category", "inpatient", "needed"),
    [
        (FilingCategory.LONG_TERM_RETIREE_RESETTLED, False, {D.RESIDENCE_CERTIFICATE, D.CARD_AND_COPY}),
        (FilingCategory.LONG_TERM_PERMANENT_RESIDENT, False, {D.RESIDENCE_CERTIFICATE, D.CARD_AND_COPY}),
        (FilingCategory.LONG_TERM_WORKER, False, {D.RESIDENCE_CERTIFICATE, D.CARD_AND_COPY}),
        (FilingCategory.TEMPORARY_REFERRAL, False, {D.CARD_AND_COPY, D.REFERRAL_FORM}),
        (FilingCategory.TEMPORARY_REFERRAL, True, {D.CARD_AND_COPY, D.REFERRAL_FORM, D.ADMISSION_NOTE}),
        (FilingCategory.TEMPORARY_EMERGENCY, True, {D.CARD_AND_COPY, D.ADMISSION_NOTE}),
        (FilingCategory.TEMPORARY_OTHER, False, {D.CARD_AND_COPY}),
    ],
)
def test_required_documents_per_category(category: FilingCategory, inpatient: bool, needed: set[FilingDocument]) -> None:
    assert rules.required_documents(category, inpatient, POLICY) == needed
    assert rules.missing_documents(category, inpatient, needed, POLICY) == []
    for document in needed:
        assert rules.missing_documents(category, inpatient, needed - {document}, POLICY) == [document]


def test_personal_commitment_replaces_the_residence_certificate_only_where_accepted() -> None:
    given = {D.PERSONAL_COMMITMENT, D.CARD_AND_COPY}
    assert rules.missing_documents(FilingCategory.LONG_TERM_WORKER, False, given, POLICY) == []
    strict = FilingPolicy(commitment_replaces_residence_certificate=False)
    assert rules.missing_documents(FilingCategory.LONG_TERM_WORKER, False, given, strict) == [D.RESIDENCE_CERTIFICATE]


def test_validity_long_term_until_changed_temporary_one_cycle_at_least_six_months() -> None:
    start = dt.date(2026, 4, 1)
    assert rules.validity(FilingCategory.LONG_TERM_WORKER, start, None, POLICY) == (None, [])
    assert rules.validity(FilingCategory.LONG_TERM_WORKER, start, dt.date(2026, 12, 31), POLICY)[1]
    assert rules.validity(FilingCategory.TEMPORARY_OTHER, start, None, POLICY) == (dt.date(2027, 3, 31), [])
    assert rules.validity(FilingCategory.TEMPORARY_OTHER, start, dt.date(2026, 9, 30), POLICY) == (dt.date(2026, 9, 30), [])
    assert "at least 6 months" in rules.validity(FilingCategory.TEMPORARY_OTHER, start, dt.date(2026, 9, 29), POLICY)[1][0]
    assert "at most 12 months" in rules.validity(FilingCategory.TEMPORARY_OTHER, start, dt.date(2027, 4, 1), POLICY)[1][0]


def test_a_policy_cannot_make_temporary_filings_shorter_than_six_months() -> None:
    with pytest.raises(ValueError, match="temporary_validity_months"):
        FilingPolicy(temporary_validity_months=3)


def _approved(**changes: Any) -> Filing:
    filing = Filing(
        id="YD202604010001",
        citizen_id="440300195505050056",
        insured_region="440300",
        treatment_region="310100",
        category=FilingCategory.TEMPORARY_OTHER,
        documents=frozenset({D.CARD_AND_COPY}),
        applied_on=dt.date(2026, 4, 1),
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 9, 30),
        state=FilingState.APPROVED,
        institutions=("H310100S0001",),
        decided_on=dt.date(2026, 4, 2),
    )
    return attrs.evolve(filing, **changes)


def test_covers_checks_date_region_institution_and_state() -> None:
    filing = _approved()
    assert rules.covers(filing, dt.date(2026, 4, 1), "310100", "H310100S0001")
    assert rules.covers(filing, dt.date(2026, 9, 30), "310100", None)
    assert not rules.covers(filing, dt.date(2026, 10, 1), "310100", "H310100S0001")  # expired
    assert filing.state_on(dt.date(2026, 10, 1)) is FilingState.EXPIRED
    assert not rules.covers(filing, dt.date(2026, 3, 31), "310100", "H310100S0001")
    assert not rules.covers(filing, dt.date(2026, 5, 1), "110100", "H310100S0001")
    assert not rules.covers(filing, dt.date(2026, 5, 1), "310100", "H310100S0002")
    assert rules.covers(_approved(institutions=()), dt.date(2026, 5, 1), "310100", "H310100S0002")  # city-wide
    assert rules.covers(_approved(treatment_region="310000"), dt.date(2026, 5, 1), "310100", "H310100S0001")
    assert not rules.covers(_approved(state=FilingState.APPLIED, decided_on=None), dt.date(2026, 5, 1), "310100", None)
    revoked = _approved(state=FilingState.REVOKED, ended_on=dt.date(2026, 6, 1))
    assert rules.covers(revoked, dt.date(2026, 5, 31), "310100", None)
    assert not rules.covers(revoked, dt.date(2026, 6, 1), "310100", None)


def test_change_lock_applies_to_long_term_filings_only() -> None:
    long_term = _approved(category=FilingCategory.LONG_TERM_PERMANENT_RESIDENT, ends_on=None)
    assert rules.change_locked_until(long_term, POLICY) == dt.date(2026, 10, 1)
    assert rules.change_locked_until(_approved(), POLICY) is None
    assert rules.change_locked_until(long_term, FilingPolicy(long_term_change_lock_months=0)) is None
