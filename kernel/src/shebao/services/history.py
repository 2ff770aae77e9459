"""One change of a person's record, as every use case that changes the record makes it."""

import datetime as dt
from typing import Any

import attrs

from shebao.model.person import Person
from shebao.model.register import PersonEvent, RecordChange
from shebao.rules.register import check_change, current_state
from shebao.store.ports import UnitOfWork


def record_change(
    uow: UnitOfWork,
    person: Person,
    change: RecordChange,
    on: dt.date,
    today: dt.date,
    reason: str = "",
    carried: dict[str, Any] | None = None,
    **changes: Any,
) -> Person:
    """Apply a change to the stored person inside the caller's transaction: checked against
    the record's history, added to it with the state after, audited with before and after."""
    number = person.citizen_id.number
    check_change(person, uow.person_history.events(number), change, on, today)
    updated = attrs.evolve(person, **changes)
    before = {field: _plain(getattr(person, field)) for field in changes}
    after = {field: _plain(getattr(updated, field)) for field in changes}
    if updated != person:
        uow.persons.update(updated)
    event = PersonEvent(number, change, on, today, current_state(updated), reason, before, after)
    uow.person_history.add(event)
    uow.audit.record(
        f"person.{change.value}",
        number,
        effective_on=on.isoformat(),
        reason=reason,
        before=before,
        after=after,
        **({"carried": carried} if carried else {}),
    )
    return updated


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value
