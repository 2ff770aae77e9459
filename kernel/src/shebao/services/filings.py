"""Use cases of off-site filing: apply, approve, reject, revoke, query, and the question
settlement asks: which filing covers this treatment?"""

import datetime as dt
from collections.abc import Callable

import attrs

from shebao import plugins
from shebao.documents import Document, DocumentKind, Field, Section, Table
from shebao.documents_card import place_name, region_name
from shebao.errors import InputError, NotFound, RuleViolation
from shebao.i18n import N_, _
from shebao.ids import CitizenId, Sex, mask
from shebao.model.filing import Filing, FilingCategory, FilingChannel, FilingDocument, FilingNotNeeded, FilingState
from shebao.model.institution import Institution
from shebao.model.person import Person
from shebao.policy import FilingPolicy, Policy
from shebao.regions import normalize_region_code
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


def _treatment_region(code: str) -> str:
    """The filed region: known to an installed province plugin, else refused naming it."""
    try:
        normalized = normalize_region_code(code)
    except ValueError as error:
        raise InputError(str(error)) from None
    return plugins.region(normalized).code


def _policy(person: Person, year: int) -> Policy:
    return plugins.policy(plugins.region(person.insured_region), person.scheme, year)


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


def _missing_text(missing: list[FilingDocument], commitment_accepted: bool) -> str:
    def text(document: FilingDocument) -> str:
        if document is FilingDocument.RESIDENCE_CERTIFICATE and commitment_accepted:
            return f"{document.value} ({document.label}) or {FilingDocument.PERSONAL_COMMITMENT.value}"
        return f"{document.value} ({document.label})"

    return _("missing documents: ") + ", ".join(text(d) for d in missing)


def _active_long_term(filings: list[Filing], on: dt.date) -> Filing | None:
    for filing in filings:
        if not filing.is_temporary and filing.state_on(on) is FilingState.APPROVED and filing.starts_on <= on:
            return filing
    return None


def apply_filing(
    uow: UnitOfWork, command: ApplyFiling, today: dt.date, attach: Callable[[Filing], None] | None = None
) -> Filing | FilingNotNeeded:
    """Accept an application with complete documents, or answer that no filing is needed.
    ``attach`` writes what lands with the application in its transaction (an online
    application's scanned documents)."""
    treatment_region = _treatment_region(command.treatment_region)
    starts_on = command.starts_on or today
    if command.ends_on is not None and command.ends_on < starts_on:
        raise InputError(
            _("the filing would end on {ends_on}, before it starts on {starts_on}").format(
                ends_on=command.ends_on, starts_on=starts_on
            )
        )
    codes = _normalized_codes(command.institutions)
    with uow:
        person = get_person(uow, command.citizen_id.number)
        insured_policy = _policy(person, starts_on.year)
        policy = insured_policy.filing
        reason = rules.why_no_filing(person.insured_region, treatment_region, policy)
        if reason is not None:
            return FilingNotNeeded(person.citizen_id.number, person.insured_region, treatment_region, reason)
        ends_on = _checked_application(uow, command, person, treatment_region, starts_on, codes, policy)
        earlier = uow.filings.of_person(person.citizen_id.number)
        _check_earlier(earlier, command.category, treatment_region, starts_on, insured_policy)
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
        uow.audit.record(
            "filing.apply",
            filing.citizen_id,
            filing=filing.id,
            category=filing.category.value,
            treatment_region=treatment_region,
            institutions=list(codes),
        )
        if attach is not None:
            attach(filing)
        uow.commit()
    return filing


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
        problems.append(_missing_text(missing, policy.commitment_replaces_residence_certificate))
    ends_on, validity_problems = rules.validity(command.category, starts_on, command.ends_on, policy)
    problems += validity_problems
    if codes:
        problems += rules.institution_problems(codes, found, treatment_region, command.inpatient, policy)
    if problems:
        raise RuleViolation("filing-application", "; ".join(problems))
    return ends_on


def _check_earlier(
    earlier: list[Filing], category: FilingCategory, treatment_region: str, starts_on: dt.date, policy: Policy
) -> None:
    """The person's earlier filings: none pending, none locked against a change, none covering it already."""
    pending = [f.id for f in earlier if f.state is FilingState.APPLIED]
    if pending:
        raise RuleViolation(
            "one-pending-filing", _("filing {pending} is still waiting for a decision").format(pending=pending[0])
        )
    _check_change_lock(earlier, category, starts_on, policy)
    if category.is_temporary:
        covering = [f.id for f in earlier if rules.covers(f, starts_on, treatment_region, None)]
        if covering:
            raise RuleViolation(
                "already-covered",
                _("filing {covering} already covers {treatment_region} on {starts_on}").format(
                    covering=covering[0], treatment_region=treatment_region, starts_on=starts_on
                ),
            )


def _check_change_lock(earlier: list[Filing], category: FilingCategory, starts_on: dt.date, policy: Policy) -> None:
    """A new long-term filing changes the current one, which may be locked for a while."""
    if category.is_temporary:
        return
    current = _active_long_term(earlier, starts_on)
    if current is None:
        return
    unlocked = rules.change_locked_until(current, policy.filing)
    if unlocked is not None and starts_on < unlocked:
        raise RuleViolation(
            "change-lock",
            _(
                "long-term filing {id} from {starts_on} may be changed from {unlocked} on ({long_term_change_lock_months} months)"
            ).format(
                id=current.id,
                starts_on=current.starts_on,
                unlocked=unlocked,
                long_term_change_lock_months=policy.filing.long_term_change_lock_months,
            ),
        )


def review(uow: UnitOfWork, filing: Filing, institutions: tuple[str, ...]) -> list[str]:
    """Every problem standing in the way of approving ``filing`` with ``institutions``:
    the kernel's rules first, then the insured province's own (``shebao_review_filing``)."""
    person = get_person(uow, filing.citizen_id)
    policy = _policy(person, filing.starts_on.year)
    problems = rules.category_problems(filing.category, person.is_retired)
    missing = rules.missing_documents(filing.category, filing.inpatient, filing.documents, policy.filing)
    if missing:
        problems.append(_missing_text(missing, policy.filing.commitment_replaces_residence_certificate))
    found = {code: i for code in institutions if (i := uow.institutions.get(code)) is not None}
    problems += rules.institution_problems(institutions, found, filing.treatment_region, filing.inpatient, policy.filing)
    candidate = attrs.evolve(filing, institutions=institutions)
    problems += plugins.review_filing(candidate, policy)
    return problems


def _applied(uow: UnitOfWork, filing_id: str) -> Filing:
    filing = get_filing(uow, filing_id)
    if filing.state is not FilingState.APPLIED:
        raise RuleViolation(
            "filing-state", _("filing {id} is {value}, not waiting for a decision").format(id=filing.id, value=filing.state.value)
        )
    return filing


def approve_filing(uow: UnitOfWork, command: ApproveFiling, today: dt.date) -> Filing:
    """Approve with the chosen institutions; refused, naming every problem, if review finds any.
    An approved long-term filing replaces the person's current one from its start."""
    with uow:
        filing = _applied(uow, command.filing_id)
        codes = filing.institutions if command.institutions is None else _normalized_codes(command.institutions)
        _institutions(uow, codes)
        problems = review(uow, filing, codes)
        if problems:
            raise RuleViolation("filing-review", "; ".join(problems))
        approved = attrs.evolve(filing, state=FilingState.APPROVED, institutions=codes, decided_on=today)
        if not approved.is_temporary:
            others = [f for f in uow.filings.of_person(filing.citizen_id) if f.id != filing.id]
            current = _active_long_term(others, approved.starts_on)
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


def reject_filing(uow: UnitOfWork, command: RejectFiling, today: dt.date) -> Filing:
    with uow:
        filing = _applied(uow, command.filing_id)
        reasons = tuple(r.strip() for r in command.reasons if r.strip()) or tuple(review(uow, filing, filing.institutions))
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


def revoke_filing(uow: UnitOfWork, command: RevokeFiling, today: dt.date) -> Filing:
    """End an approved filing from today; a long-term one only after its change lock."""
    with uow:
        filing = get_filing(uow, command.filing_id)
        if filing.state_on(today) is not FilingState.APPROVED:
            raise RuleViolation(
                "filing-state", _("filing {id} is {value}, not approved").format(id=filing.id, value=filing.state_on(today).value)
            )
        person = get_person(uow, filing.citizen_id)
        policy = _policy(person, filing.starts_on.year)
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
    filing = uow.filings.get(filing_id.strip().upper())
    if filing is None:
        raise NotFound(N_("filing"), filing_id)
    return filing


def filings_of(uow: UnitOfWork, citizen_id: str) -> list[Filing]:
    """A person's filings, oldest first, with results and details."""
    person = get_person(uow, citizen_id)
    return uow.filings.of_person(person.citizen_id.number)


def covering_filing(
    uow: UnitOfWork, citizen_id: str, treatment_region: str, institution_code: str | None, on: dt.date
) -> Filing | None:
    """The approved filing covering treatment on ``on`` in ``treatment_region`` at the
    institution (``None`` asks about date and region only), or None: the settlement question."""
    try:
        number = CitizenId(citizen_id).number
        region = normalize_region_code(treatment_region)
    except ValueError as error:
        raise InputError(str(error)) from None
    code = institution_code.strip().upper() if institution_code else None
    return covering_filing_among(uow.filings.of_person(number), region, code, on)


def covering_filing_among(filings: list[Filing], region: str, institution_code: str | None, on: dt.date) -> Filing | None:
    """The latest of a person's filings (as ``of_person`` lists them) covering the treatment."""
    for filing in reversed(filings):
        if rules.covers(filing, on, region, institution_code):
            return filing
    return None


def _institutions_section(uow: UnitOfWork, filing: Filing) -> Section:
    """The designated institutions the filing names; none named: every networked one."""
    rows = []
    for code in filing.institutions:
        institution = uow.institutions.get(code)
        if institution is not None:
            rows.append((institution.code, institution.name, institution.level_label, place_name(institution.region)))
    return Section(
        "就医地定点医疗机构",
        table=Table(("机构编码", "机构名称", "等级", "所在地"), tuple(rows)) if rows else None,
        fields=() if rows else (Field("范围", "就医地所有联网定点医疗机构"),),
    )


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
    place = region_name
    # the phone on record, else the one last given on a card application
    phone = person.phone or next((a.phone for a in reversed(uow.cards.of_person(person.citizen_id.number))), "")

    validity = f"{filing.starts_on} 至 {filing.ends_on}" if filing.ends_on else f"{filing.starts_on} 起长期有效（变更前）"
    sections = [
        Section(
            "参保人信息",
            (
                Field("姓名", person.name),
                Field("性别", "男" if person.sex is Sex.MALE else "女"),
                Field("证件类型", "居民身份证"),
                Field("证件号码", person.citizen_id.number if reveal else person.citizen_id.masked()),
                Field("联系电话", phone if reveal or not phone else mask(phone, keep_start=3, keep_end=4)),
                Field("参保地", place(filing.insured_region)),
                Field("险种", "职工基本医疗保险" if person.scheme.value == "employee" else "城乡居民基本医疗保险"),
            ),
        ),
        Section(
            "备案信息",
            (
                Field("备案编号", filing.id),
                Field("备案类别", filing.category.label),
                Field("就医地", place(filing.treatment_region)),
                Field("居住地址", filing.address or "—"),
                Field("有效期", validity),
                Field("提交材料", "、".join(sorted(d.label for d in filing.documents))),
                Field("备案渠道", filing.channel.label),
                Field("申请日期", filing.applied_on.isoformat()),
                Field("审核日期", filing.decided_on.isoformat()),
                Field(
                    "状态", {"approved": "已备案", "revoked": "已撤销", "expired": "已过期"}.get(filing.state_on(today).value, "")
                ),
            ),
        ),
        _institutions_section(uow, filing),
    ]
    return Document(
        kind=DocumentKind.FILING_APPROVAL,
        title="基本医疗保险跨省异地就医备案表",
        number=filing.id,
        issued_on=today,
        issuer=f"{place_name(filing.insured_region)}医疗保障经办机构",
        sections=tuple(sections),
        signatures=("参保人（代办人）签字", "经办人签字", "经办机构（盖章）"),
        notes=(
            "本人承诺所填信息和提交材料真实有效，如有虚假，愿承担相应责任。",
            "备案后在就医地联网定点医疗机构就医，持社会保障卡或医保电子凭证直接结算。",
        ),
    )
