"""Off-site filing rules: when a filing is needed, which documents, which institutions, how long.

Pure functions over the model and the insured place's ``FilingPolicy``; each problem is a
sentence an operator can read back to the applicant.
"""

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence

from shebao.errors import RuleViolation
from shebao.i18n import _, ngettext
from shebao.model.filing import Filing, FilingCategory, FilingDocument, FilingState
from shebao.model.institution import Institution, Service
from shebao.model.settlement import FilingFacts
from shebao.policy import MINIMUM_TEMPORARY_VALIDITY_MONTHS, FilingPolicy


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's end (31 Aug + 6 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def region_contains(filed: str, code: str) -> bool:
    """Whether ``code`` lies in the filed region (a province contains its pooling areas)."""
    if filed.endswith("0000"):
        return code[:2] == filed[:2]
    return code == filed


def why_no_filing(insured_region: str, treatment_region: str, policy: FilingPolicy) -> str | None:
    """Why treatment in ``treatment_region`` needs no filing; ``None`` when it needs one."""
    if insured_region[:2] != treatment_region[:2]:
        return None
    if treatment_region == insured_region:
        return f"treatment in {treatment_region} is at the insured place itself: no filing is needed"
    if policy.intra_province_filing_required:
        return None
    return _(
        "treatment in {treatment_region} is inside the insured province {insured_region}:"
        " no filing is needed (the insured place does not require it between cities)"
    ).format(treatment_region=treatment_region, insured_region=insured_region[:2])


def required_documents(category: FilingCategory, inpatient: bool, policy: FilingPolicy) -> frozenset[FilingDocument]:
    required = policy.documents[category]
    if inpatient:
        required = required | policy.inpatient_documents
    return required


def missing_documents(
    category: FilingCategory, inpatient: bool, given: Iterable[FilingDocument], policy: FilingPolicy
) -> list[FilingDocument]:
    """The required documents not given; a personal commitment stands for the residence
    certificate where the policy accepts it."""
    have = set(given)
    if policy.commitment_replaces_residence_certificate and FilingDocument.PERSONAL_COMMITMENT in have:
        have.add(FilingDocument.RESIDENCE_CERTIFICATE)
    return sorted(required_documents(category, inpatient, policy) - have, key=lambda d: d.value)


def validity(
    category: FilingCategory, starts_on: dt.date, ends_on: dt.date | None, policy: FilingPolicy
) -> tuple[dt.date | None, list[str]]:
    """The end date of a filing starting on ``starts_on`` and the problems with a requested end.

    Long-term filings stay valid until changed; temporary ones run the policy's cycle unless a
    shorter end of at least the national six months is asked for."""
    if not category.is_temporary:
        if ends_on is not None:
            return None, ["a long-term filing stays valid until it is changed; it takes no end date"]
        return None, []
    cycle_end = add_months(starts_on, policy.temporary_validity_months) - dt.timedelta(days=1)
    if ends_on is None:
        return cycle_end, []
    shortest = add_months(starts_on, MINIMUM_TEMPORARY_VALIDITY_MONTHS) - dt.timedelta(days=1)
    if ends_on < shortest:
        return ends_on, [
            f"a temporary filing is valid for at least {MINIMUM_TEMPORARY_VALIDITY_MONTHS} months (to {shortest} at least)"
        ]
    if ends_on > cycle_end:
        return ends_on, [f"a temporary filing is valid for at most {policy.temporary_validity_months} months (to {cycle_end})"]
    return ends_on, []


def change_locked_until(filing: Filing, policy: FilingPolicy) -> dt.date | None:
    """The first day an approved long-term filing may be changed or revoked (None: any time)."""
    if filing.is_temporary or policy.long_term_change_lock_months == 0:
        return None
    return add_months(filing.starts_on, policy.long_term_change_lock_months)


def institution_problems(
    chosen: Sequence[str],
    found: dict[str, Institution],
    treatment_region: str,
    inpatient: bool,
    policy: FilingPolicy,
) -> list[str]:
    """Problems with the designated institutions chosen for a filing to ``treatment_region``.

    ``found`` holds the directory entries of the chosen codes (codes not in it are unknown)."""
    if policy.city_wide:
        if chosen:
            return [_("the insured place covers every networked institution of the city: choose no institutions")]
        return []
    problems = _count_problems(chosen, policy.max_designated_institutions)
    for code in dict.fromkeys(chosen):
        institution = found.get(code)
        if institution is None:
            problems.append(_("institution {code} is not in the directory").format(code=code))
        else:
            problems += _one_institution_problems(institution, treatment_region, inpatient)
    return problems


def _count_problems(chosen: Sequence[str], most: int) -> list[str]:
    """One to ``most`` institutions, none twice."""
    problems: list[str] = []
    if len(set(chosen)) != len(chosen):
        problems.append(_("an institution is chosen twice"))
    if not chosen:
        problems.append(
            _("choose 1 to {max_designated_institutions} designated institutions near the residence").format(
                max_designated_institutions=most
            )
        )
    elif len(set(chosen)) > most:
        problems.append(
            ngettext(
                "at most {max_designated_institutions} designated institution may be chosen, not {count}",
                "at most {max_designated_institutions} designated institutions may be chosen, not {count}",
                most,
            ).format(max_designated_institutions=most, count=len(set(chosen)))
        )
    return problems


def _one_institution_problems(institution: Institution, treatment_region: str, inpatient: bool) -> list[str]:
    """Where a chosen institution lies, and whether it settles cross-province bills (as inpatient)."""
    problems: list[str] = []
    label = f"{institution.code} {institution.name}"
    if not region_contains(treatment_region, institution.region):
        problems.append(
            _("{label} lies in {region}, outside the filed region {treatment_region}").format(
                label=label, region=institution.region, treatment_region=treatment_region
            )
        )
    if not institution.designated:
        problems.append(_("{label} is not a designated institution").format(label=label))
    elif not institution.open_for_cross_province:
        problems.append(
            _("{label} is not open for cross-province direct settlement ({value})").format(
                label=label, value=institution.status.value
            )
        )
    elif inpatient and not institution.is_open_for(Service.INPATIENT):
        problems.append(_("{label} is not open for cross-province inpatient settlement").format(label=label))
    return problems


def category_problems(category: FilingCategory, retired: bool) -> list[str]:
    if category is FilingCategory.LONG_TERM_RETIREE_RESETTLED and not retired:
        return ["only a retiree may file as a retiree resettled elsewhere"]
    return []


def covers(filing: Filing, on: dt.date, treatment_region: str, institution_code: str | None) -> bool:
    """Whether ``filing`` covers treatment on ``on`` in ``treatment_region`` at the institution.

    ``institution_code`` None asks only about date and region."""
    if filing.decided_on is None or filing.state not in (FilingState.APPROVED, FilingState.REVOKED):
        return False
    if filing.state is FilingState.REVOKED and (filing.ended_on is None or on >= filing.ended_on):
        return False
    if on < filing.starts_on or (filing.ends_on is not None and on > filing.ends_on):
        return False
    if not region_contains(filing.treatment_region, treatment_region):
        return False
    return institution_code is None or filing.city_wide or institution_code in filing.institutions


def retroactive_filing(filings: list[Filing], region: str, service_date: dt.date) -> FilingFacts:
    """A reimbursement for lack of a filing is settled under an approved filing for the region
    made after the visit; there must be one."""
    for filing in filings:
        if filing.state is FilingState.APPROVED and _within(region, filing.treatment_region) and filing.applied_on > service_date:
            return FilingFacts(filing.category, filing.id)
    raise RuleViolation(
        "retroactive-filing",
        _("no approved filing for {region} made after the visit on {service_date}").format(
            region=region, service_date=service_date
        ),
    )


def _within(region: str, filed: str) -> bool:
    """Whether a treatment region lies in a filed region: a province (``xx0000``) or a city."""
    return region[:2] == filed[:2] if filed.endswith("0000") else region[:4] == filed[:4]


def missing_text(missing: list[FilingDocument], commitment_accepted: bool) -> str:
    def text(document: FilingDocument) -> str:
        if document is FilingDocument.RESIDENCE_CERTIFICATE and commitment_accepted:
            return f"{document.value} ({document.label}) or {FilingDocument.PERSONAL_COMMITMENT.value}"
        return f"{document.value} ({document.label})"

    return _("missing documents: ") + ", ".join(text(d) for d in missing)


def active_long_term(filings: list[Filing], on: dt.date) -> Filing | None:
    for filing in filings:
        if not filing.is_temporary and filing.state_on(on) is FilingState.APPROVED and filing.starts_on <= on:
            return filing
    return None


def check_earlier(
    earlier: list[Filing], category: FilingCategory, treatment_region: str, starts_on: dt.date, policy: FilingPolicy
) -> None:
    """The person's earlier filings: none pending, none locked against a change, none covering it already."""
    pending = [f.id for f in earlier if f.state is FilingState.APPLIED]
    if pending:
        raise RuleViolation(
            "one-pending-filing", _("filing {pending} is still waiting for a decision").format(pending=pending[0])
        )
    check_change_lock(earlier, category, starts_on, policy)
    if category.is_temporary:
        covering = [f.id for f in earlier if covers(f, starts_on, treatment_region, None)]
        if covering:
            raise RuleViolation(
                "already-covered",
                _("filing {covering} already covers {treatment_region} on {starts_on}").format(
                    covering=covering[0], treatment_region=treatment_region, starts_on=starts_on
                ),
            )


def check_change_lock(earlier: list[Filing], category: FilingCategory, starts_on: dt.date, policy: FilingPolicy) -> None:
    """A new long-term filing changes the current one, which may be locked for a while."""
    if category.is_temporary:
        return
    current = active_long_term(earlier, starts_on)
    if current is None:
        return
    unlocked = change_locked_until(current, policy)
    if unlocked is not None and starts_on < unlocked:
        raise RuleViolation(
            "change-lock",
            ngettext(
                "long-term filing {id} from {starts_on} may be changed from {unlocked} on ({long_term_change_lock_months} month)",
                "long-term filing {id} from {starts_on} may be changed from {unlocked} on "
                "({long_term_change_lock_months} months)",
                policy.long_term_change_lock_months,
            ).format(
                id=current.id,
                starts_on=current.starts_on,
                unlocked=unlocked,
                long_term_change_lock_months=policy.long_term_change_lock_months,
            ),
        )
