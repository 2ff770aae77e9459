"""Filing use cases on a real database: categories, institution limits, validity, change lock,
expiry, province review, and a province whose plugin is missing."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import db_snapshot

import shebao
from shebao.convert import structure
from shebao.errors import InputError, RuleViolation
from shebao.model.filing import Filing, FilingNotNeeded, FilingState
from shebao.plugins import plugin_manager
from shebao.services import filings
from shebao.services.institutions import sync_institutions
from shebao.services.people import RegisterPerson, register_person
from shebao.store.unit_of_work import SqliteUnitOfWork

RETIREE = "440300195505050056"  # insured in Shenzhen (Guangdong)
WORKER = "510122197811110082"  # insured in Chengdu (Sichuan)
DAY = dt.date(2026, 4, 1)


@pytest.fixture
def ready(uow: SqliteUnitOfWork) -> SqliteUnitOfWork:
    sync_institutions(uow, DAY)
    for number, region, status in ((RETIREE, "440300", "retired"), (WORKER, "510100", "employed")):
        data = {"citizen_id": number, "name": "某人", "insured_region": region, "scheme": "employee", "status": status}
        register_person(uow, structure(data, RegisterPerson), dt.date(2026, 1, 10))
    return uow


def apply(uow: SqliteUnitOfWork, today: dt.date = DAY, **data: Any) -> Filing | FilingNotNeeded:
    data.setdefault("citizen_id", RETIREE)
    return filings.apply_filing(uow, structure(data, filings.ApplyFiling), today)


def applied(uow: SqliteUnitOfWork, today: dt.date = DAY, **data: Any) -> Filing:
    result = apply(uow, today, **data)
    assert isinstance(result, Filing)
    return result


def approve(uow: SqliteUnitOfWork, filing: Filing, today: dt.date = DAY, institutions: tuple[str, ...] | None = None) -> Filing:
    return filings.approve_filing(uow, filings.ApproveFiling(filing.id, institutions), today)


LONG_TERM_TO_SHANGHAI: dict[str, Any] = {
    "category": "retiree-resettled",
    "treatment_region": "310100",
    "documents": ["personal-commitment", "card-and-copy"],
    "institutions": ["H310100S0001"],
    "address": "上海市徐汇区",
}


@pytest.mark.parametrize(
    ("citizen_id", "category", "documents", "inpatient"),
    [
        (RETIREE, "retiree-resettled", ["residence-certificate", "card-and-copy"], False),
        (WORKER, "permanent-resident", ["residence-certificate", "card-and-copy"], False),
        (WORKER, "long-term-worker", ["residence-certificate", "card-and-copy"], False),
        (WORKER, "referral", ["card-and-copy", "referral-form", "admission-note"], True),
        (WORKER, "emergency", ["card-and-copy", "admission-note"], True),
        (RETIREE, "other-temporary", ["card-and-copy"], False),
    ],
)
def test_each_category_is_accepted_with_its_documents_and_refused_without_one(
    ready: SqliteUnitOfWork, db_target: str | Path, citizen_id: str, category: str, documents: list[str], inpatient: bool
) -> None:
    request: dict[str, Any] = {
        "citizen_id": citizen_id,
        "category": category,
        "treatment_region": "310100",
        "inpatient": inpatient,
        "institutions": ["H310100S0002"],
        "address": "上海市静安区",
    }
    before = db_snapshot(db_target)
    for missing in documents:
        with pytest.raises(RuleViolation, match=f"missing documents: {missing}"):
            apply(ready, **request, documents=[d for d in documents if d != missing])
    assert db_snapshot(db_target) == before
    filing = applied(ready, **request, documents=documents)
    assert filing.state is FilingState.APPLIED
    assert filing.is_temporary is (category in ("referral", "emergency", "other-temporary"))
    assert approve(ready, filing).state is FilingState.APPROVED


def test_only_a_retiree_files_as_a_resettled_retiree(ready: SqliteUnitOfWork) -> None:
    with pytest.raises(RuleViolation, match="only a retiree"):
        apply(ready, **{**LONG_TERM_TO_SHANGHAI, "citizen_id": WORKER, "documents": ["residence-certificate", "card-and-copy"]})


def test_inside_the_insured_province_the_answer_is_that_no_filing_is_needed(
    ready: SqliteUnitOfWork, db_target: str | Path
) -> None:
    before = db_snapshot(db_target)
    answer = apply(ready, category="other-temporary", treatment_region="440100", documents=["card-and-copy"])
    assert isinstance(answer, FilingNotNeeded) and "no filing is needed" in answer.reason
    assert db_snapshot(db_target) == before
    # Sichuan (sample policy) requires filing between its cities
    sichuan = apply(ready, citizen_id=WORKER, category="other-temporary", treatment_region="510000", documents=["card-and-copy"])
    assert isinstance(sichuan, Filing)


def test_institution_count_limits_follow_the_insured_place(ready: SqliteUnitOfWork) -> None:
    four = ["H310100S0001", "H310100S0002", "H310100S0003", "H310100S0004"]
    with pytest.raises(RuleViolation, match="at most 3 designated institutions"):
        apply(ready, **{**LONG_TERM_TO_SHANGHAI, "institutions": four})
    filing = applied(ready, **{**LONG_TERM_TO_SHANGHAI, "institutions": []})
    with pytest.raises(RuleViolation, match="choose 1 to 3"):
        approve(ready, filing)
    assert approve(ready, filing, institutions=tuple(four[:3])).institutions == tuple(four[:3])


def test_institutions_must_be_in_the_region_and_open(ready: SqliteUnitOfWork) -> None:
    with pytest.raises(RuleViolation, match="outside the filed region"):
        apply(ready, **{**LONG_TERM_TO_SHANGHAI, "institutions": ["H110100S0001"]})
    with pytest.raises(RuleViolation, match="not open for cross-province"):
        apply(ready, **{**LONG_TERM_TO_SHANGHAI, "institutions": ["H310100S0010"]})  # not networked
    with pytest.raises(RuleViolation, match="inpatient"):
        apply(ready, **{**LONG_TERM_TO_SHANGHAI, "institutions": ["P310100S0001"], "inpatient": True,
                        "documents": ["personal-commitment", "card-and-copy", "admission-note"]})  # fmt: skip


def test_city_wide_policy_chooses_no_institutions(ready: SqliteUnitOfWork, register_plugin: Any) -> None:
    # Beijing's sample policy: every networked institution of the filed city
    data = {"citizen_id": "440304198503120021", "name": "李娜", "insured_region": "110100", "scheme": "employee",
            "status": "employed"}  # fmt: skip
    register_person(ready, structure(data, RegisterPerson), DAY)
    request: dict[str, Any] = {"citizen_id": "440304198503120021", "category": "long-term-worker", "treatment_region": "440300",
               "documents": ["personal-commitment", "card-and-copy"]}  # fmt: skip
    with pytest.raises(RuleViolation, match="choose no institutions"):
        apply(ready, **request, institutions=["H440300S0001"])
    filing = approve(ready, applied(ready, **request))
    assert filing.city_wide
    found = filings.covering_filing(ready, "440304198503120021", "440300", "H440300S0003", dt.date(2026, 6, 1))
    assert found is not None and found.id == filing.id


def test_temporary_validity_and_expiry(ready: SqliteUnitOfWork) -> None:
    filing = approve(ready, applied(ready, category="other-temporary", treatment_region="310100",
                                    documents=["card-and-copy"], institutions=["H310100S0001"]))  # fmt: skip
    assert filing.ends_on == dt.date(2027, 3, 31)  # Guangdong's one-year cycle
    assert filings.covering_filing(ready, RETIREE, "310100", "H310100S0001", dt.date(2027, 3, 31)) == filing
    assert filings.covering_filing(ready, RETIREE, "310100", "H310100S0001", dt.date(2027, 4, 1)) is None
    assert filing.state_on(dt.date(2027, 4, 1)) is FilingState.EXPIRED
    with pytest.raises(RuleViolation, match="already-covered"):
        apply(ready, dt.date(2026, 6, 1), category="emergency", treatment_region="310100", documents=["card-and-copy"],
              institutions=["H310100S0002"])  # fmt: skip
    assert isinstance(apply(ready, dt.date(2027, 4, 1), category="other-temporary", treatment_region="310100",
                            documents=["card-and-copy"], institutions=["H310100S0001"]), Filing)  # fmt: skip
    with pytest.raises(RuleViolation, match="at least 6 months"):
        apply(ready, category="other-temporary", treatment_region="110100", documents=["card-and-copy"],
              institutions=["H110100S0001"], ends_on="2026-06-30")  # fmt: skip


def test_long_term_change_is_locked_for_six_months_then_replaces_the_old_filing(ready: SqliteUnitOfWork) -> None:
    first = approve(ready, applied(ready, **LONG_TERM_TO_SHANGHAI))
    to_beijing: dict[str, Any] = {**LONG_TERM_TO_SHANGHAI, "treatment_region": "110100", "institutions": ["H110100S0001"]}
    with pytest.raises(RuleViolation, match=r"change-lock.*2026-10-01"):
        apply(ready, dt.date(2026, 9, 30), **to_beijing)
    with pytest.raises(RuleViolation, match="change-lock"):
        filings.revoke_filing(ready, filings.RevokeFiling(first.id), dt.date(2026, 9, 30))
    second = approve(ready, applied(ready, dt.date(2026, 10, 1), **to_beijing), dt.date(2026, 10, 2))
    old = filings.get_filing(ready, first.id)
    assert old.state is FilingState.REVOKED and old.ended_on == dt.date(2026, 10, 1) and second.id in old.end_reason
    assert filings.covering_filing(ready, RETIREE, "310100", "H310100S0001", dt.date(2026, 9, 30)) == old
    assert filings.covering_filing(ready, RETIREE, "310100", "H310100S0001", dt.date(2026, 10, 1)) is None
    assert filings.covering_filing(ready, RETIREE, "110100", "H110100S0001", dt.date(2026, 10, 1)) == second


def test_a_temporary_filing_may_be_revoked_at_once(ready: SqliteUnitOfWork) -> None:
    filing = approve(ready, applied(ready, category="other-temporary", treatment_region="310100",
                                    documents=["card-and-copy"], institutions=["H310100S0001"]))  # fmt: skip
    revoked = filings.revoke_filing(ready, filings.RevokeFiling(filing.id), dt.date(2026, 5, 1))
    assert revoked.state is FilingState.REVOKED
    assert filings.covering_filing(ready, RETIREE, "310100", None, dt.date(2026, 4, 30)) is not None
    assert filings.covering_filing(ready, RETIREE, "310100", None, dt.date(2026, 5, 1)) is None


def test_guangdong_review_adds_its_own_problem(ready: SqliteUnitOfWork) -> None:
    filing = applied(ready, **{**LONG_TERM_TO_SHANGHAI, "address": ""})
    with pytest.raises(RuleViolation, match=r"residence address.*\(guangdong\)"):
        approve(ready, filing)
    rejected = filings.reject_filing(ready, filings.RejectFiling(filing.id), DAY)
    assert rejected.state is FilingState.REJECTED and "residence address" in rejected.reasons[0]


class NoReferralsToBeijing:
    """A test province hook: refuses referrals to Beijing."""

    @shebao.hookimpl
    def shebao_review_filing(self, filing: Filing, policy: object) -> list[str]:
        return ["no referrals to Beijing this year"] if filing.treatment_region == "110100" else []


def test_a_province_hook_problem_blocks_approval(ready: SqliteUnitOfWork, register_plugin: Any, db_target: str | Path) -> None:
    register_plugin(NoReferralsToBeijing(), "test-no-referrals")
    filing = applied(ready, citizen_id=WORKER, category="referral", treatment_region="110100",
                     documents=["card-and-copy", "referral-form"], institutions=["H110100S0001"])  # fmt: skip
    before = db_snapshot(db_target)
    with pytest.raises(RuleViolation, match=r"no referrals to Beijing this year \(test-no-referrals\)"):
        approve(ready, filing)
    assert db_snapshot(db_target) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"institutions": ["H310100S9999"]}, "unknown institution"),
        ({"treatment_region": "990000"}, "unknown region"),
        ({"treatment_region": "3101"}, "2 or 6 digits"),
        ({"category": "holiday"}, "'holiday' is not one of retiree-resettled"),
        (
            {"category": "other-temporary", "documents": ["card-and-copy"], "starts_on": "2026-05-01", "ends_on": "2026-04-30"},
            "before it starts",
        ),
        ({"documents": ["passport"]}, "'passport' is not one of "),
    ],
)
def test_bad_input_is_refused_with_nothing_written(
    ready: SqliteUnitOfWork, db_target: str | Path, change: dict[str, Any], message: str
) -> None:
    before = db_snapshot(db_target)
    with pytest.raises(InputError, match=message):
        apply(ready, **{**LONG_TERM_TO_SHANGHAI, **change})
    assert db_snapshot(db_target) == before


@pytest.fixture
def without_guangdong() -> Iterator[None]:
    """The insured place (Guangdong) served by no installed plugin: its module and the national
    fallback unregistered."""
    pm = plugin_manager()
    removed = [(name, pm.unregister(name=name)) for name in ("guangdong", "national")]
    try:
        yield
    finally:
        for name, plugin in removed:
            pm.register(plugin, name=name)


def test_a_province_without_its_plugin_is_refused_naming_it(ready: SqliteUnitOfWork, without_guangdong: None) -> None:
    with pytest.raises(RuleViolation, match=r"no installed province plugin serves province 44 \(广东省\)"):
        apply(ready, **LONG_TERM_TO_SHANGHAI)
