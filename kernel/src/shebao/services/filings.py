"""Use cases of off-site filing: apply, approve, reject, revoke, query, and the question
settlement asks: which filing covers this treatment?"""

import datetime as dt
from collections.abc import Callable

import attrs

from shebao import plugins
from shebao.convert import parse_input
from shebao.documents import Document
from shebao.documents.filing import filing_approval
from shebao.errors import InputError, RuleViolation, must_exist
from shebao.i18n import _
from shebao.ids import CitizenId
from shebao.model.filing import Filing, FilingCategory, FilingChannel, FilingDocument, FilingNotNeeded, FilingState
from shebao.model.institution import Institution
from shebao.model.person import Person
from shebao.plugins import Facade
from shebao.policy import FilingPolicy, Policy
from shebao.regions import RegionCode
from shebao.rules import filing as rules
from shebao.services.people import get_person
from shebao.store.ports import UnitOfWork


@attrs.frozen
class ApplyFiling:
    citizen_id: CitizenId
    category: FilingCategory
    treatment_region: str
    documents: tuple[FilingDocument, ...] = ()
    institutions: tuple[str, ...] = ()  # the designated institutions the person chooses
    starts_on: dt.date | None = None  # default: the day of application
    ends_on: dt.date | None = None  # temporary only; default: the policy's cycle
    inpatient: bool = False  # in hospital now: the admission note is required
    address: str = ""  # residence address at the treatment place
    channel: FilingChannel = FilingChannel.COUNTER


@attrs.frozen
class ApproveFiling:
    filing_id: str
    institutions: tuple[str, ...] | None = None  # None: keep the ones chosen when applying


@attrs.frozen
class RejectFiling:
    filing_id: str
    reasons: tuple[str, ...] = ()  # none given: the review's problems are the reasons


@attrs.frozen
class RevokeFiling:
    filing_id: str
    reason: str = "revoked at the person's request"


def _treatment_region(code: str, hooks: Facade = plugins) -> str:
    """The filed region: known to an installed province plugin, else refused naming it."""
    return hooks.region(parse_input(RegionCode, code, "region").code).code


def _policy(person: Person, year: int, hooks: Facade = plugins) -> Policy:
    return hooks.policy(hooks.region(person.insured_region), person.scheme, year)


def _institutions(uow: UnitOfWork, codes: tuple[str, ...]) -> dict[str, Institution]:
    found: dict[str, Institution] = {}
    for code in codes:
        institution = uow.institutions.get(code)
        if institution is None:
            raise InputError(
                _("unknown institution {code!r}: not in the directory (run `shebao institution sync`?)").format(code=code)
            )
        found[code] = institution
    return found


def _normalized_codes(codes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(code.strip().upper() for code in codes if code.strip())


def apply_filing(
    uow: UnitOfWork, command: ApplyFiling, today: dt.date, attach: Callable[[Filing], None] | None = None, hooks: Facade = plugins
) -> Filing | FilingNotNeeded:
    """Accept an application with complete documents, or answer that no filing is needed.
    ``attach`` writes what lands with the application in its transaction (an online
    application's scanned documents)."""
    treatment_region = _treatment_region(command.treatment_region, hooks=hooks)
    starts_on = _start_day(command, today)
    codes = _normalized_codes(command.institutions)
    with uow:
        person = get_person(uow, command.citizen_id.number)
        insured_policy = _policy(person, starts_on.year, hooks=hooks)
        policy = insured_policy.filing
        reason = rules.why_no_filing(person.insured_region, treatment_region, policy)
        if reason is not None:
            return FilingNotNeeded(person.citizen_id.number, person.insured_region, treatment_region, reason)
        ends_on = _checked_application(uow, command, person, treatment_region, starts_on, codes, policy)
        earlier = uow.filings.of_person(person.citizen_id.number)
        rules.check_earlier(earlier, command.category, treatment_region, starts_on, insured_policy.filing)
        filing = Filing(
            id=uow.filings.next_id(today),
            citizen_id=person.citizen_id.number,
            insured_region=person.insured_region,
            treatment_region=treatment_region,
            category=command.category,
            documents=frozenset(command.documents),
            applied_on=today,
            starts_on=starts_on,
            ends_on=ends_on,
            state=FilingState.APPLIED,
            institutions=codes,
            inpatient=command.inpatient,
            address=command.address,
            channel=command.channel,
        )
        uow.filings.add(filing)
        details = {"category": filing.category.value, "treatment_region": treatment_region, "institutions": list(codes)}
        uow.audit.record("filing.apply", filing.citizen_id, filing=filing.id, **details)
        if attach is not None:
            attach(filing)
        uow.commit()
    return filing


def _start_day(command: ApplyFiling, today: dt.date) -> dt.date:
    """The day the filing starts (today unless given), not after the day it ends."""
    starts_on = command.starts_on or today
    if command.ends_on is not None and command.ends_on < starts_on:
        raise InputError(
            _("the filing would end on {ends_on}, before it starts on {starts_on}").format(
                ends_on=command.ends_on, starts_on=starts_on
            )
        )
    return starts_on


def _checked_application(
    uow: UnitOfWork,
    command: ApplyFiling,
    person: Person,
    treatment_region: str,
    starts_on: dt.date,
    codes: tuple[str, ...],
    policy: FilingPolicy,
) -> dt.date | None:
    """Every problem of the application itself, refused at once; else the day it ends."""
    found = _institutions(uow, codes)
    problems = rules.category_problems(command.category, person.is_retired)
    missing = rules.missing_documents(command.category, command.inpatient, command.documents, policy)
    if missing:
        problems.append(rules.missing_text(missing, policy.commitment_replaces_residence_certificate))
    ends_on, validity_problems = rules.validity(command.category, starts_on, command.ends_on, policy)
    problems += validity_problems
    if codes:
        problems += rules.institution_problems(codes, found, treatment_region, command.inpatient, policy)
    if problems:
        raise RuleViolation("filing-application", "; ".join(problems))
    return ends_on


def review(uow: UnitOfWork, filing: Filing, institutions: tuple[str, ...], hooks: Facade = plugins) -> list[str]:
    """Every problem standing in the way of approving ``filing`` with ``institutions``:
    the kernel's rules first, then the insured province's own (``shebao_review_filing``)."""
    person = get_person(uow, filing.citizen_id)
    policy = _policy(person, filing.starts_on.year, hooks=hooks)
    problems = rules.category_problems(filing.category, person.is_retired)
    missing = rules.missing_documents(filing.category, filing.inpatient, filing.documents, policy.filing)
    if missing:
        problems.append(rules.missing_text(missing, policy.filing.commitment_replaces_residence_certificate))
    found = {code: i for code in institutions if (i := uow.institutions.get(code)) is not None}
    problems += rules.institution_problems(institutions, found, filing.treatment_region, filing.inpatient, policy.filing)
    candidate = attrs.evolve(filing, institutions=institutions)
    problems += hooks.review_filing(candidate, policy)
    return problems


def _applied(uow: UnitOfWork, filing_id: str) -> Filing:
    filing = get_filing(uow, filing_id)
    if filing.state is not FilingState.APPLIED:
        raise RuleViolation(
            "filing-state", _("filing {id} is {value}, not waiting for a decision").format(id=filing.id, value=filing.state.value)
        )
    return filing


def approve_filing(uow: UnitOfWork, command: ApproveFiling, today: dt.date, hooks: Facade = plugins) -> Filing:
    """Approve with the chosen institutions; refused, naming every problem, if review finds any.
    An approved long-term filing replaces the person's current one from its start."""
    with uow:
        filing = _applied(uow, command.filing_id)
        codes = filing.institutions if command.institutions is None else _normalized_codes(command.institutions)
        _institutions(uow, codes)
        problems = review(uow, filing, codes, hooks=hooks)
        if problems:
            raise RuleViolation("filing-review", "; ".join(problems))
        approved = attrs.evolve(filing, state=FilingState.APPROVED, institutions=codes, decided_on=today)
        if not approved.is_temporary:
            others = [f for f in uow.filings.of_person(filing.citizen_id) if f.id != filing.id]
            current = rules.active_long_term(others, approved.starts_on)
            if current is not None:
                uow.filings.update(
                    attrs.evolve(
                        current, state=FilingState.REVOKED, ended_on=approved.starts_on, end_reason=f"changed by {approved.id}"
                    )
                )
                uow.audit.record(
                    "filing.revoke",
                    current.citizen_id,
                    filing=current.id,
                    reason=f"changed by {approved.id}",
                    before={"state": current.state.value},
                    after={"state": FilingState.REVOKED.value, "ended_on": approved.starts_on.isoformat()},
                )
        uow.filings.update(approved)
        uow.audit.record(
            "filing.approve",
            approved.citizen_id,
            filing=approved.id,
            institutions=list(codes),
            before={"state": filing.state.value, "institutions": list(filing.institutions)},
            after={"state": approved.state.value, "institutions": list(codes)},
        )
        uow.commit()
    return approved


def reject_filing(uow: UnitOfWork, command: RejectFiling, today: dt.date, hooks: Facade = plugins) -> Filing:
    with uow:
        filing = _applied(uow, command.filing_id)
        reasons = tuple(r.strip() for r in command.reasons if r.strip()) or tuple(
            review(uow, filing, filing.institutions, hooks=hooks)
        )
        if not reasons:
            raise InputError(_("give the reason for rejecting: the review finds no problem with this filing"))
        rejected = attrs.evolve(filing, state=FilingState.REJECTED, decided_on=today, reasons=reasons)
        uow.filings.update(rejected)
        uow.audit.record(
            "filing.reject",
            rejected.citizen_id,
            filing=rejected.id,
            reasons=list(reasons),
            before={"state": filing.state.value},
            after={"state": rejected.state.value},
        )
        uow.commit()
    return rejected


def revoke_filing(uow: UnitOfWork, command: RevokeFiling, today: dt.date, hooks: Facade = plugins) -> Filing:
    """End an approved filing from today; a long-term one only after its change lock."""
    with uow:
        filing = get_filing(uow, command.filing_id)
        if filing.state_on(today) is not FilingState.APPROVED:
            raise RuleViolation(
                "filing-state", _("filing {id} is {value}, not approved").format(id=filing.id, value=filing.state_on(today).value)
            )
        person = get_person(uow, filing.citizen_id)
        policy = _policy(person, filing.starts_on.year, hooks=hooks)
        unlocked = rules.change_locked_until(filing, policy.filing)
        if unlocked is not None and today < unlocked:
            raise RuleViolation(
                "change-lock",
                _("long-term filing {id} may be changed or revoked from {unlocked} on").format(id=filing.id, unlocked=unlocked),
            )
        revoked = attrs.evolve(
            filing, state=FilingState.REVOKED, ended_on=max(today, filing.starts_on), end_reason=command.reason
        )
        uow.filings.update(revoked)
        uow.audit.record(
            "filing.revoke",
            revoked.citizen_id,
            filing=revoked.id,
            reason=command.reason,
            before={"state": FilingState.APPROVED.value, "ends_on": filing.ends_on.isoformat() if filing.ends_on else None},
            after={"state": revoked.state.value, "ended_on": revoked.ended_on.isoformat() if revoked.ended_on else None},
        )
        uow.commit()
    return revoked


def get_filing(uow: UnitOfWork, filing_id: str) -> Filing:
    return must_exist(uow.filings.get(filing_id.strip().upper()), "filing", filing_id)


def filings_of(uow: UnitOfWork, citizen_id: str) -> list[Filing]:
    """A person's filings, oldest first, with results and details."""
    person = get_person(uow, citizen_id)
    return uow.filings.of_person(person.citizen_id.number)


def covering_filing(
    uow: UnitOfWork, citizen_id: str, treatment_region: str, institution_code: str | None, on: dt.date
) -> Filing | None:
    """The approved filing covering treatment on ``on`` in ``treatment_region`` at the
    institution (``None`` asks about date and region only), or None: the settlement question."""
    number = parse_input(CitizenId, citizen_id, "citizen_id").number
    region = parse_input(RegionCode, treatment_region, "region").code
    code = institution_code.strip().upper() if institution_code else None
    return covering_filing_among(uow.filings.of_person(number), region, code, on)


def covering_filing_among(filings: list[Filing], region: str, institution_code: str | None, on: dt.date) -> Filing | None:
    """The latest of a person's filings (as ``of_person`` lists them) covering the treatment."""
    for filing in reversed(filings):
        if rules.covers(filing, on, region, institution_code):
            return filing
    return None


def approval_form(uow: UnitOfWork, filing_id: str, today: dt.date, reveal: bool = False) -> Document:
    """The printed filing approval form (异地就医备案表) of an approved filing; the id number
    is masked unless ``reveal``."""
    filing = get_filing(uow, filing_id)
    if filing.decided_on is None or filing.state is FilingState.REJECTED:
        raise RuleViolation(
            "filing-state",
            _("filing {id} is {value}: there is no approval to print").format(id=filing.id, value=filing.state.value),
        )
    person = get_person(uow, filing.citizen_id)
    # the phone on record, else the one last given on a card application
    phone = person.phone or next((a.phone for a in reversed(uow.cards.of_person(person.citizen_id.number))), "")
    institutions = [i for code in filing.institutions if (i := uow.institutions.get(code)) is not None]
    return filing_approval(filing, person, phone, institutions, today, reveal)
