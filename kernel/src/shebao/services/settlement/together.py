"""Bills that arrive together, settled together: a server's waiting requests in one
transaction, each bill on its own.

Each bill gets what ``settle_bill`` would have given it, settled one after another in the
order given: its settlement, written and audited as ``settle_bill`` writes it, or the error it
is refused with, changing nothing. What is shared is the work: the bills' persons, years and
balances read in a few queries, their rows written with ``executemany``, one commit (the
machinery of the batch, ``batch.write_chunk``).
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from shebao.errors import InputError
from shebao.model.settlement import Bill, Settlement
from shebao.money import Fen
from shebao.rules.settlement import check_bill
from shebao.services.settlement import SETTLED, SettlementSession, settle_bill, settlement_audit
from shebao.services.settlement.batch import Known, write_chunk
from shebao.store.ports import UnitOfWork

# a bill's settlement, or what refused it (a ``ShebaoError``), or the failure it alone met
Outcome = Settlement | Exception


def settle_together(uow: UnitOfWork, bills: Sequence[Bill], today: dt.date, session: SettlementSession) -> list[Outcome]:
    """Each bill's settlement or refusal, in the order given."""
    outcomes: dict[int, Outcome] = {}
    chunk: list[tuple[int, Bill]] = []
    alone: list[int] = []  # settled on their own, after the chunk: a bill number met again, ...
    seen: set[tuple[str, str]] = set()
    for index, bill in enumerate(bills):
        problems = check_bill(bill)
        key = (bill.institution_code, bill.bill_number)
        if problems:
            outcomes[index] = InputError("; ".join(problems))
        elif key in seen:
            alone.append(index)
        else:
            seen.add(key)
            chunk.append((index, bill))
    if len(chunk) > 1:
        try:
            outcomes.update(_settle_chunk(uow, session, chunk, today))
        except Exception:
            # a row the store refused, a plugin that failed, any failure: nothing of the chunk
            # was written, and each bill is settled on its own, so a failure is its bill's alone
            alone.extend(index for index, _ in chunk)
        finally:
            session.context.read_filings_of(())  # the filings read are not kept beyond the call
    else:
        alone.extend(index for index, _ in chunk)  # ... or one bill: the shorter path
    for index in sorted(alone):
        outcomes[index] = _alone(uow, bills[index], today, session)
    return [outcomes[index] for index in range(len(bills))]


def _settle_chunk(
    uow: UnitOfWork, session: SettlementSession, chunk: list[tuple[int, Bill]], today: dt.date
) -> dict[int, Outcome]:
    computed = write_chunk(uow, session, Known(), chunk, today, _audit)
    index_of = {(bill.institution_code, bill.bill_number): index for index, bill in chunk}
    outcomes: dict[int, Outcome] = dict(computed.refusals)
    for settlement, _ in computed.settled:
        outcomes[index_of[settlement.bill.institution_code, settlement.bill.bill_number]] = settlement
    return outcomes


def _audit(settlement: Settlement, balance_before: Fen | None) -> tuple[str, dict[str, Any]]:
    return SETTLED, settlement_audit(settlement, balance_before)


def _alone(uow: UnitOfWork, bill: Bill, today: dt.date, session: SettlementSession) -> Outcome:
    try:
        return settle_bill(uow, bill, today, session=session)
    except Exception as error:  # the bill's own answer; the others are settled regardless
        return error
