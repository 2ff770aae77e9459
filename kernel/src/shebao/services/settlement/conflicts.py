"""A bill number met twice: the same bill again is "settled already"; different content under
the same number is a conflict, reported with both versions and never taken for a rerun."""

from decimal import Decimal

import attrs

from shebao.errors import RuleViolation
from shebao.i18n import _
from shebao.model.settlement import Bill
from shebao.money import round_fen, yuan
from shebao.store.ports import UnitOfWork


def summary(bill: Bill) -> str:
    """One line that tells two versions of a bill apart (the id masked: errors disclose nothing)."""
    total = round_fen(sum((line.unit_price * line.quantity * 100 for line in bill.lines), start=Decimal(0)))
    days = "/".join(str(day) for day in (bill.admitted_on, bill.discharged_on, bill.treated_on) if day)
    return f"{bill.citizen_id.masked()} {bill.visit_type.value} {days} {len(bill.lines)} lines {yuan(total)} yuan" + (
        " emergency" if bill.emergency else ""
    )


def differences(first: Bill, second: Bill) -> list[str]:
    """The names of the fields in which two versions differ."""
    return [field.name for field in attrs.fields(Bill) if getattr(first, field.name) != getattr(second, field.name)]


def conflict(first: Bill, second: Bill, first_where: str, second_where: str) -> RuleViolation:
    return RuleViolation(
        "bill-number-conflict",
        _(
            "bill {bill_number} of {institution_code} has two versions differing in "
            "{differences}: {first_where} [{summary}]; {second_where} [{summary2}]"
        ).format(
            bill_number=second.bill_number,
            institution_code=second.institution_code,
            differences=", ".join(differences(first, second)),
            first_where=first_where,
            summary=summary(first),
            second_where=second_where,
            summary2=summary(second),
        ),
    )


def settled_already(uow: UnitOfWork, settlement_id: int, bill: Bill) -> RuleViolation:
    """The refusal for a bill whose number a live settlement holds: the same bill is settled
    once (``settle-once``); other content under that number is a conflict."""
    stored = uow.settlements.get(settlement_id)
    if stored is not None and stored.bill != bill:
        return conflict(stored.bill, bill, f"settled as settlement {settlement_id}", "given now")
    where = f"bill {bill.bill_number} of {bill.institution_code}"
    return RuleViolation(
        "settle-once", _("{where} is settled already ({settlement_id})").format(where=where, settlement_id=settlement_id)
    )
