"""Premiums paid for a person, month by month."""

import datetime as dt
import enum

import attrs

from shebao.money import Fen
from shebao.periods import Month


class ContributionChannel(enum.Enum):
    """How a premium reached the fund (DOMAIN.md: contribution channels)."""

    PAYROLL = "payroll"  # employer remits both parts
    TERMINAL = "terminal"  # medical insurance payment terminal
    ONLINE_BANKING = "online-banking"
    WECHAT_PAY = "wechat-pay"
    ALIPAY = "alipay"
    BANK_COUNTER = "bank-counter"
    CREDIT_CARD = "credit-card"


@attrs.frozen
class ContributionAssessment:
    """What a month's premium comes to, before it is paid."""

    base: Fen
    employer_part: Fen
    individual_part: Fen
    account_credit: Fen  # share credited to the individual account

    @property
    def total(self) -> Fen:
        return Fen(self.employer_part + self.individual_part)


@attrs.frozen
class Contribution:
    citizen_id: str
    period: Month
    assessment: ContributionAssessment
    channel: ContributionChannel
    paid_on: dt.date
    employer_uscc: str | None = None
    receipt: str | None = None
