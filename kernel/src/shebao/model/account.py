"""The medical insurance individual account and its ledger."""

import datetime as dt
import enum

import attrs

from shebao.money import Fen


class EntryKind(enum.Enum):
    CONTRIBUTION_CREDIT = "contribution-credit"  # employee's own share
    RETIREE_CREDIT = "retiree-credit"  # fixed monthly credit
    SETTLEMENT_DEBIT = "settlement-debit"
    SETTLEMENT_REFUND = "settlement-refund"
    CONTRIBUTION_REVERSAL = "contribution-reversal"  # the payment was refunded by its channel


@attrs.frozen
class AccountEntry:
    citizen_id: str
    booked_on: dt.date
    kind: EntryKind
    amount: int  # fen, signed: credits positive, debits negative
    reference: str


@attrs.frozen
class Account:
    citizen_id: str
    balance: Fen
    opened_on: dt.date
    activated_on: dt.date | None = None
