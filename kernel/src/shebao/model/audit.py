"""One row of the audit log, as use cases and front ends read it."""

import datetime as dt
from typing import Any

import attrs

# how the operator of a row is known: given with --operator / SHEBAO_OPERATOR, or the OS user
GIVEN = "given"
OS_USER = "os-user"


@attrs.frozen
class AuditEntry:
    id: int
    at: dt.datetime
    operator: str
    action: str
    subject: str
    detail: dict[str, Any]
    business_date: dt.date | None = None
    operator_source: str = GIVEN
