"""Registration of employees: within 30 days of employment (Social Insurance Law art. 58 ¶1),
and never of a child under the minimum working age."""

import datetime as dt
import enum
from collections.abc import Iterable

import attrs

from shebao.errors import RuleViolation
from shebao.i18n import _
from shebao.model.employer import Employment
from shebao.model.person import Person

REGISTRATION_DEADLINE_DAYS = 30
MINIMUM_WORKING_AGE = 16  # Labour Law art. 15: no employer recruits a minor under 16


class RegistrationState(enum.Enum):
    ON_TIME = "on-time"
    LATE = "late"  # registered, but after the deadline
    PENDING = "pending"  # not registered yet, deadline not passed
    MISSING = "missing"  # not registered, deadline passed


def check_working_age(person: Person, started_on: dt.date) -> None:
    """Employment starts on the 16th birthday at the earliest (full years, not 16 × 365 days)."""
    if person.age_on(started_on) < MINIMUM_WORKING_AGE:
        raise RuleViolation(
            "minimum-working-age",
            _("employment cannot start before the age of {MINIMUM_WORKING_AGE}").format(MINIMUM_WORKING_AGE=MINIMUM_WORKING_AGE),
        )


def registration_deadline(started_on: dt.date) -> dt.date:
    return started_on + dt.timedelta(days=REGISTRATION_DEADLINE_DAYS)


def registration_state(employment: Employment, as_of: dt.date) -> RegistrationState:
    deadline = registration_deadline(employment.started_on)
    if employment.registered_on is not None and employment.registered_on <= as_of:
        return RegistrationState.ON_TIME if employment.registered_on <= deadline else RegistrationState.LATE
    return RegistrationState.PENDING if as_of <= deadline else RegistrationState.MISSING


@attrs.frozen
class OverdueRegistration:
    employment: Employment
    state: RegistrationState
    deadline: dt.date
    days_late: int


def overdue_registrations(employments: Iterable[Employment], as_of: dt.date) -> list[OverdueRegistration]:
    """Every registration made late or still missing past its deadline, as of ``as_of``."""
    found = []
    for employment in employments:
        if employment.started_on > as_of:
            continue
        state = registration_state(employment, as_of)
        if state not in (RegistrationState.LATE, RegistrationState.MISSING):
            continue
        deadline = registration_deadline(employment.started_on)
        end = employment.registered_on if state is RegistrationState.LATE and employment.registered_on else as_of
        found.append(OverdueRegistration(employment, state, deadline, (end - deadline).days))
    return sorted(found, key=lambda o: (-o.days_late, o.employment.started_on, o.employment.citizen_id))
