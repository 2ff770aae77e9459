"""Use cases of entitlement: ask whether the fund may pay for a person on a day (interface
2001), and the check settlement applies before any fund payment."""

import datetime as dt

from shebao import plugins
from shebao.errors import InputError, RuleViolation
from shebao.i18n import _
from shebao.model.entitlement import Entitlement, EntitlementFacts
from shebao.model.settlement import Bill, Certificate
from shebao.plugins import Facade
from shebao.policy import Policy
from shebao.rules.entitlement import check_entitlement
from shebao.services.people import get_person
from shebao.store.ports import UnitOfWork


def entitlement(
    uow: UnitOfWork, citizen_id: str, on: dt.date, certificate: Certificate | None = None, hooks: Facade = plugins
) -> Entitlement:
    """Whether and why the person is entitled on ``on``, for their scheme and every visit type."""
    person = get_person(uow, citizen_id)
    facts = uow.entitlement.facts_of({person.citizen_id.number: person})[person.citizen_id.number]
    policy = hooks.policy(hooks.region(person.insured_region), person.scheme, on.year)
    return check_entitlement(facts, policy, on, certificate)


def refuse_unless_entitled(bill: Bill, facts: EntitlementFacts, policy: Policy, check_certificate: bool = True) -> Entitlement:
    """The bill's entitlement; a refusal by rule ``entitlement`` naming every reason. A manual
    reimbursement presents no certificate (``check_certificate=False``)."""
    found = check_entitlement(facts, policy, bill.service_date, bill.certificate if check_certificate else None)
    if not found.entitled:
        reasons = "; ".join(f"{r.reason.value}: {r.message}" for r in found.refusals)
        raise RuleViolation(
            "entitlement",
            _("bill {bill_number} on {service_date}: {reasons}").format(
                bill_number=bill.bill_number, service_date=bill.service_date, reasons=reasons
            ),
        )
    return found


def recognise_prior_contributions(uow: UnitOfWork, citizen_id: str, months: int, note: str, today: dt.date) -> int:
    """Record the contribution months recognised before shebao's records (years paid elsewhere,
    deemed years), which count toward a retiree's minimum; returns the months before."""
    if months < 0 or months > 12 * 80:
        raise InputError(_("prior contribution months must be between 0 and 960, not {months}").format(months=months))
    if not note.strip():
        raise InputError(_("note: required, what the months were recognised from"))
    with uow:
        person = get_person(uow, citizen_id)
        number = person.citizen_id.number
        before = uow.entitlement.prior_months(number)
        uow.entitlement.set_prior_months(number, months, today, note.strip())
        uow.audit.record("contribution.prior", number, before={"months": before}, after={"months": months}, note=note.strip())
        uow.commit()
    return before
