"""Bills waiting at the same moment are settled together, each answered with its own outcome.

A hospital's bill is read, authenticated and checked on arrival, then waits here with the
others that arrived during the same turn of the event loop; once they have all been read, they
are settled in one transaction per caller (``settle_together``: each bill on its own, as if
settled one after another in the order they arrived, audited under its caller's name) and
each request is answered once that transaction has committed, so nothing answered can be lost.
Settling thirty bills together reads their persons in a few queries and writes them with one
commit, instead of some twenty statements and a commit for each.
"""

import asyncio
from collections import deque
from typing import TYPE_CHECKING

import attrs

from shebao.model.access import Actor
from shebao.model.settlement import Bill, Settlement
from shebao.services.settlement.together import settle_together

if TYPE_CHECKING:
    from shebao_cli.serve.service import Service

# bills settled in one transaction at most: the others wait for the next turn of the loop,
# which meanwhile sends the answers and reads new requests
MOST_TOGETHER = 64


@attrs.frozen
class _Waiting:
    actor: Actor
    bill: Bill
    answer: "asyncio.Future[Settlement]"


class BillsTogether:
    def __init__(self, service: "Service") -> None:
        self._service = service
        self._waiting: deque[_Waiting] = deque()
        self._due = False

    async def settle(self, actor: Actor, bill: Bill) -> Settlement:
        loop = asyncio.get_running_loop()
        waiting = _Waiting(actor, bill, loop.create_future())
        self._waiting.append(waiting)
        if not self._due:
            # after every request read in this turn has reached here: they go together
            self._due = True
            loop.call_soon(self._settle_waiting, loop)
        return await waiting.answer

    def _settle_waiting(self, loop: asyncio.AbstractEventLoop) -> None:
        taken: list[_Waiting] = []
        while self._waiting and len(taken) < MOST_TOGETHER:
            waiting = self._waiting.popleft()
            if not waiting.answer.done():  # a request given up meanwhile is not settled
                taken.append(waiting)
        if self._waiting:
            loop.call_soon(self._settle_waiting, loop)
        else:
            self._due = False
        by_caller: dict[str, list[_Waiting]] = {}
        for waiting in taken:
            by_caller.setdefault(waiting.actor.name, []).append(waiting)
        for same_caller in by_caller.values():
            self._settle(same_caller)

    def _settle(self, waiting: list[_Waiting]) -> None:
        service = self._service
        try:
            outcomes = settle_together(
                service.uow(waiting[0].actor), [w.bill for w in waiting], service.today(), service.settlement_session()
            )
        except Exception as error:  # the transaction failed and wrote nothing: each request answers with it
            for w in waiting:
                w.answer.set_exception(error)
            return
        for w, outcome in zip(waiting, outcomes, strict=True):
            if isinstance(outcome, Settlement):
                w.answer.set_result(outcome)
            else:
                w.answer.set_exception(outcome)
