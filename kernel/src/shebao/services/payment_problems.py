"""Payment problems (statement lines an import could not apply), kept until an operator
resolves them, and notices printed again."""

import datetime as dt

import attrs

from shebao.errors import InputError, RuleViolation, must_exist
from shebao.i18n import _
from shebao.model.payment import IssuedNotice, PaymentProblem
from shebao.store.ports import UnitOfWork


def keep_problem(uow: UnitOfWork, problem: PaymentProblem) -> bool:
    """Inside an import's transaction: keep a line's problem, once (False: kept before)."""
    return uow.payment_problems.keep(problem)


def payment_problems(uow: UnitOfWork, include_resolved: bool = False, limit: int = 100) -> list[PaymentProblem]:
    return uow.payment_problems.search(include_resolved, limit)


def resolve_problem(uow: UnitOfWork, problem_id: int, note: str, today: dt.date) -> PaymentProblem:
    """Close a kept problem with what the operator did about it; audited."""
    if not note.strip():
        raise InputError(_("a resolution needs a --note saying what was done"))
    with uow:
        found = must_exist(uow.payment_problems.get(problem_id), "payment problem", str(problem_id))
        if found.resolved_on is not None:
            raise RuleViolation(
                "resolve-once",
                _("problem {problem_id} was resolved on {resolved_on}").format(
                    problem_id=problem_id, resolved_on=found.resolved_on
                ),
            )
        uow.payment_problems.resolve(problem_id, today, uow.operator, note.strip())
        uow.audit.record(
            "payment.resolve",
            found.notice_number,
            problem=problem_id,
            outcome=found.problem,
            receipt=found.receipt,
            note=note.strip(),
        )
        uow.commit()
    return attrs.evolve(found, resolved_on=today, resolved_by=uow.operator, resolution=note.strip())


def reprint_notice(uow: UnitOfWork, number: str, today: dt.date) -> IssuedNotice:
    """A notice printed again: the same notice, marked as a copy by the caller; audited."""
    with uow:
        issued = must_exist(uow.notices.get(number.strip().upper()), "payment notice", number)
        uow.audit.record("notice.reprint", issued.notice.payer_id, notice=issued.number, reprinted_on=today.isoformat())
        uow.commit()
    return issued
