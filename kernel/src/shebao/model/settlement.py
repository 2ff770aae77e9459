"""Direct settlement of a medical bill: the bill, the facts of the treatment place, the result.

``InstitutionFacts`` and ``FilingFacts`` are the narrow view settlement needs of a designated
institution and of an off-site filing. Their enums carry the same names as the filing
concern's enums (``InstitutionLevel``, ``Service``, ``FilingCategory``).
"""

import datetime as dt
import enum
from decimal import Decimal
from typing import NamedTuple, NewType

import attrs

from shebao.ids import CitizenId
from shebao.model.catalogue import Category
from shebao.model.filing import FilingCategory
from shebao.model.institution import InstitutionLevel, Service
from shebao.model.person import Scheme
from shebao.money import ZERO, Fen

Yuan = NewType("Yuan", Decimal)  # a unit price in yuan, exact, may go below the fen
Quantity = NewType("Quantity", Decimal)  # exact, may be fractional


class VisitType(enum.Enum):
    INPATIENT = "inpatient"
    GENERAL_OUTPATIENT = "general-outpatient"
    CHRONIC_SPECIAL = "chronic-special"  # outpatient chronic and special diseases


class ChronicDisease(enum.Enum):
    HYPERTENSION = "hypertension"
    DIABETES = "diabetes"
    TUMOUR_RADIO_CHEMO = "tumour-radio-chemo"
    URAEMIA_DIALYSIS = "uraemia-dialysis"
    TRANSPLANT_ANTI_REJECTION = "transplant-anti-rejection"

    @property
    def label(self) -> str:
        return DISEASE_LABELS[self]


DISEASE_LABELS = {
    ChronicDisease.HYPERTENSION: "高血压",
    ChronicDisease.DIABETES: "糖尿病",
    ChronicDisease.TUMOUR_RADIO_CHEMO: "恶性肿瘤门诊放化疗",
    ChronicDisease.URAEMIA_DIALYSIS: "尿毒症透析",
    ChronicDisease.TRANSPLANT_ANTI_REJECTION: "器官移植术后抗排异治疗",
}


class Certificate(enum.Enum):
    PHYSICAL_CARD = "card"  # the social security card
    ELECTRONIC = "electronic"  # 医保电子凭证


class SupplementaryKind(enum.Enum):
    """Who pays above the pooling fund's annual cap."""

    LARGE_AMOUNT = "large-amount"  # 职工大额医疗费用补助 (hifob_pay)
    CRITICAL_ILLNESS = "critical-illness"  # 城乡居民大病保险 (hifmi_pay)


class Management(enum.Enum):
    """How the treatment place's management rule treated the bill."""

    INTRA_PROVINCE = "intra-province"  # no filing needed
    FILED = "filed"  # a filing covers the date, region and institution
    EMERGENCY_UNFILED = "emergency-unfiled"  # settled as an emergency temporary filing
    UNFILED_REDUCED = "unfiled-reduced"  # the insured province pays at a reduced ratio
    UNFILED_NOT_REIMBURSED = "unfiled-not-reimbursed"  # seed rule: no fund pays
    NOT_DESIGNATED = "not-designated"  # no fund pays
    NOT_OPEN_FOR_SERVICE = "not-open-for-service"  # no fund pays


FUND_REFUSED = frozenset({Management.UNFILED_NOT_REIMBURSED, Management.NOT_DESIGNATED, Management.NOT_OPEN_FOR_SERVICE})


@attrs.frozen
class InstitutionFacts:
    code: str
    name: str
    region: str  # 6-digit GB/T 2260 code of the treatment place
    level: InstitutionLevel
    designated: bool
    services: frozenset[Service]


@attrs.frozen
class FilingFacts:
    category: FilingCategory
    number: str = ""  # the filing's own number, for the statement


class BillLine(NamedTuple):
    """One line of a bill; a named tuple for the reason ``LineSplit`` is one."""

    code: str
    name: str
    unit_price: Yuan
    quantity: Quantity


@attrs.frozen
class Bill:
    """A medical bill as the institution sends it for settlement."""

    bill_number: str
    citizen_id: CitizenId
    institution_code: str
    visit_type: VisitType
    lines: tuple[BillLine, ...]
    admitted_on: dt.date | None = None  # inpatients
    discharged_on: dt.date | None = None  # inpatients
    treated_on: dt.date | None = None  # outpatients
    disease: ChronicDisease | None = None  # chronic-special visits
    emergency: bool = False
    certificate: Certificate = Certificate.PHYSICAL_CARD
    diagnosis: str | None = None  # the discharge (or visit) diagnosis, as the institution writes it
    admission_number: str | None = None  # 住院号, inpatients

    @property
    def service_date(self) -> dt.date:
        """The day the bill is settled for: discharge, or the outpatient visit."""
        day = self.discharged_on if self.visit_type is VisitType.INPATIENT else self.treated_on
        assert day is not None, "checked by check_bill before settlement"
        return day

    @property
    def service(self) -> Service:
        if self.visit_type is VisitType.CHRONIC_SPECIAL:
            assert self.disease is not None, "checked by check_bill before settlement"
            return Service[self.disease.name]
        return Service[self.visit_type.name]


class LineSplit(NamedTuple):
    """One line of a bill split by the catalogue; amount = the four parts.

    A named tuple, not an attrs class like the other values: a batch makes eight for every
    bill and a person's settlements read hundreds, and a tuple is built in a third of the time."""

    code: str
    name: str
    unit_price: Yuan
    quantity: Quantity
    category: Category | None  # None: not in the catalogue
    amount: Fen
    fully_self_paid: Fen
    over_limit: Fen
    first_self_paid: Fen
    in_scope: Fen


@attrs.frozen
class YearToDate:
    """What a person's year already used: the accumulators settlement moves. The deductible and
    the pooling fund are per visit type (each has its own tier); the supplementary insurance's
    cap is per person and year, so ``supplementary_paid`` is the year's use across visit types."""

    deductible_used: Fen = ZERO
    fund_paid: Fen = ZERO
    supplementary_paid: Fen = ZERO  # across every visit type of the year
    # what the other visit types sharing this one's annual cap (``SharedCap``) paid this year
    shared_fund_paid: Fen = ZERO


@attrs.frozen
class FamilyAid:
    """A family holder whose account may pay this person's personal part (家庭共济)."""

    holder: str  # the holder's citizen id
    balance: Fen  # the holder's account balance before the bill


@attrs.frozen
class SettlementResult:
    """Every part of a settled bill, and the policy values used; the parts add up to the fen."""

    lines: tuple[LineSplit, ...]
    management: Management
    filing_category: FilingCategory | None
    total: Fen  # medfee_sumamt
    fully_self_paid: Fen  # fulamt_ownpay_amt
    over_limit: Fen  # overlmt_selfpay
    first_self_paid: Fen  # preselfpay_amt
    in_scope: Fen  # inscp_scp_amt
    deductible: Fen  # the policy's deductible
    deductible_applied: Fen  # act_pay_dedc
    base_ratio: Decimal  # the policy's ratio
    ratio: Decimal  # after any reduction for a temporary or unfiled visit
    annual_cap: Fen
    pooling_fund: Fen  # hifp_pay
    supplementary_kind: SupplementaryKind | None
    supplementary: Fen  # hifob_pay or hifmi_pay
    fund_total: Fen  # fund_pay_sumamt
    personal: Fen  # psn_part_amt
    account: Fen  # acct_pay
    cash: Fen  # psn_cash_pay
    balance_after: Fen  # balc
    year_after: YearToDate
    policy_source: str
    mutual_aid: Fen = ZERO  # acct_mulaid_pay: the part of ``account`` a family holder's account paid
    mutual_aid_holder: str | None = None  # whose account paid it
    shared_cap: Fen | None = None  # the annual cap this visit type shares with others, if any
    cap_group: str | None = None  # the visit types sharing it, e.g. "chronic-special+inpatient"

    @property
    def own_account(self) -> Fen:
        """What the person's own account paid (``account`` less family mutual aid)."""
        return Fen(self.account - self.mutual_aid)


class SettlementStatus(enum.Enum):
    SETTLED = "settled"
    REVERSED = "reversed"


@attrs.frozen
class Settlement:
    id: int
    bill: Bill
    person_name: str
    scheme: Scheme
    insured_region: str
    treatment_region: str
    institution_name: str
    result: SettlementResult
    settled_on: dt.date
    operator: str
    reversed_on: dt.date | None = None

    @property
    def status(self) -> SettlementStatus:
        return SettlementStatus.SETTLED if self.reversed_on is None else SettlementStatus.REVERSED

    @property
    def year(self) -> int:
        return self.bill.service_date.year


@attrs.frozen
class FundTotals:
    """Counts and sums of settlements, per fund, as the national platform reconciles them."""

    count: int = 0
    total: int = 0  # medfee_sumamt
    pooling_fund: int = 0  # hifp_pay
    large_amount: int = 0  # hifob_pay
    critical_illness: int = 0  # hifmi_pay
    fund_total: int = 0  # fund_pay_sumamt
    account: int = 0  # acct_pay
    cash: int = 0  # psn_cash_pay


@attrs.frozen
class Reconciliation:
    institution_code: str
    first: dt.date
    last: dt.date
    by_scheme: tuple[tuple[Scheme, FundTotals, FundTotals], ...]  # settled, reversed in the period

    def net(self, scheme: Scheme | None = None) -> FundTotals:
        """Settled less reversed, for one scheme or all."""
        rows = [(s, r) for sch, s, r in self.by_scheme if scheme is None or sch is scheme]
        fields = [f.name for f in attrs.fields(FundTotals)]
        return FundTotals(**{name: sum(getattr(s, name) - getattr(r, name) for s, r in rows) for name in fields})
