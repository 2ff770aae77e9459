"""Family mutual aid (家庭共济) and manual reimbursement (手工报销)."""

import datetime as dt
import enum

import attrs

from shebao.model.institution import InstitutionLevel
from shebao.model.settlement import Bill


class Relation(enum.Enum):
    """What the member is to the account holder."""

    SPOUSE = "spouse"
    PARENT = "parent"
    CHILD = "child"


@attrs.frozen
class FamilyLink:
    """A member whose personal part the holder's account may pay, from ``added_on`` until removed."""

    id: int
    holder: str
    member: str
    relation: Relation
    added_on: dt.date
    removed_on: dt.date | None = None


class ReimbursementReason(enum.Enum):
    """Why a visit could not be settled directly."""

    EMERGENCY_NON_NETWORKED = "emergency-non-networked"  # an emergency at a non-networked institution
    RETROACTIVE_FILING = "retroactive-filing"  # a visit before the filing was approved
    CARD_UNREADABLE = "card-unreadable"  # the certificate could not be read at the counter


class ReimbursementState(enum.Enum):
    APPLIED = "applied"
    APPROVED = "approved"  # settled: the fund's part is owed to the person
    REJECTED = "rejected"
    PAID = "paid"  # transferred to the person's bank card
    REVERSED = "reversed"  # the settlement reversed: the fund's part is returned


@attrs.frozen
class TreatedAt:
    """The institution as the invoice names it (it may be outside the directory)."""

    name: str
    region: str  # 6-digit GB/T 2260
    level: InstitutionLevel


@attrs.frozen
class Reimbursement:
    id: int
    bill: Bill  # bill_number is the invoice number
    reason: ReimbursementReason
    institution: TreatedAt
    receipts: tuple[str, ...]
    state: ReimbursementState
    applied_on: dt.date
    decided_on: dt.date | None = None
    rejection: str | None = None
    settlement_id: int | None = None
    paid_on: dt.date | None = None
    bank_card: str | None = None
    bank: str | None = None
    reversed_on: dt.date | None = None

    @property
    def citizen_id(self) -> str:
        return self.bill.citizen_id.number

    @property
    def invoice_number(self) -> str:
        return self.bill.bill_number
