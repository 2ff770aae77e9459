"""Who uses the service: the roles, API tokens of hospitals and counters, insured persons'
accounts and their sessions. Secrets never appear here, only what identifies them."""

import datetime as dt
import enum

import attrs


class Role(enum.Enum):
    INSURED = "insured"  # an insured person, through the self-service pages
    COUNTER = "counter"  # an operator at a service centre's counter
    HOSPITAL = "hospital"  # a designated institution's system, bound to its institution
    AUDITOR = "auditor"  # reads everything, changes nothing


TOKEN_ROLES = (Role.COUNTER, Role.HOSPITAL, Role.AUDITOR)


@attrs.frozen
class ApiToken:
    id: int
    role: Role
    institution_code: str | None  # a hospital's own institution; None for the other roles
    label: str
    created_at: dt.datetime
    created_by: str
    revoked_at: dt.datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@attrs.frozen
class PersonSession:
    citizen_id: str
    csrf_token: str
    expires_at: dt.datetime


@attrs.frozen
class Actor:
    """The authenticated caller of one request, as the audit log names it."""

    role: Role
    name: str  # e.g. "token:3" or "person:440300195505050056"
    institution_code: str | None = None
    citizen_id: str | None = None
