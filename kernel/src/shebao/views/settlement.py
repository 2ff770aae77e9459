"""A settlement as the front ends show it: shebao's own fields with the bill's lines, a
summary without them (lists), an estimate, and the national platform's names."""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

import attrs

from shebao.ids import masked_id
from shebao.model.catalogue import Category
from shebao.model.filing import FilingCategory
from shebao.model.person import Scheme
from shebao.model.settlement import (
    Certificate,
    ChronicDisease,
    LineSplit,
    Management,
    Quantity,
    Settlement,
    SettlementStatus,
    SupplementaryKind,
    VisitType,
    Yuan,
)
from shebao.money import Fen


@attrs.frozen
class SettlementLine:
    """One line of the bill as the catalogue split it; ``category`` None: not in the catalogue."""

    code: str
    name: str
    category: Category | None
    unit_price: Yuan
    quantity: Quantity
    amount: Fen
    fully_self_paid: Fen
    over_limit: Fen
    first_self_paid: Fen
    in_scope: Fen

    @classmethod
    def of(cls, line: LineSplit) -> "SettlementLine":
        return cls(line.code, line.name, line.category, line.unit_price, line.quantity, line.amount,
                   line.fully_self_paid, line.over_limit, line.first_self_paid, line.in_scope)  # fmt: skip


@attrs.frozen
class SettlementSummary:
    """Every part, the ratio, deductible and cap used; amounts in yuan. Lists show this."""

    id: int
    status: SettlementStatus
    bill_number: str
    citizen_id: str  # masked unless revealed
    name: str
    scheme: Scheme
    institution: str
    institution_name: str
    insured_region: str
    treatment_region: str
    visit_type: VisitType
    disease: ChronicDisease | None
    emergency: bool
    certificate: Certificate
    service_date: dt.date
    management: Management
    filing_category: FilingCategory | None
    total: Fen
    fully_self_paid: Fen
    over_limit: Fen
    first_self_paid: Fen
    in_scope: Fen
    deductible: Fen
    deductible_applied: Fen
    base_ratio: Decimal
    ratio: Decimal
    annual_cap: Fen
    pooling_fund: Fen
    supplementary_kind: SupplementaryKind | None
    supplementary: Fen
    fund_total: Fen
    personal: Fen
    account: Fen
    mutual_aid: Fen
    mutual_aid_holder: str | None  # whose account paid the mutual aid, masked unless revealed
    cash: Fen
    balance_after: Fen
    shared_cap: Fen | None
    cap_group: str | None
    policy_source: str
    settled_on: dt.date
    reversed_on: dt.date | None

    @classmethod
    def of(cls, s: Settlement, reveal: bool = False) -> "SettlementSummary":
        return cls(**_summary_fields(s, reveal))


def _summary_fields(s: Settlement, reveal: bool) -> dict[str, Any]:
    b, r = s.bill, s.result
    holder = masked_id(r.mutual_aid_holder, reveal) if r.mutual_aid_holder else None
    return dict(
        id=s.id, status=s.status, bill_number=b.bill_number, citizen_id=masked_id(b.citizen_id.number, reveal),
        name=s.person_name, scheme=s.scheme, institution=b.institution_code, institution_name=s.institution_name,
        insured_region=s.insured_region, treatment_region=s.treatment_region, visit_type=b.visit_type,
        disease=b.disease, emergency=b.emergency, certificate=b.certificate, service_date=b.service_date,
        management=r.management, filing_category=r.filing_category, total=r.total, fully_self_paid=r.fully_self_paid,
        over_limit=r.over_limit, first_self_paid=r.first_self_paid, in_scope=r.in_scope, deductible=r.deductible,
        deductible_applied=r.deductible_applied, base_ratio=r.base_ratio, ratio=r.ratio, annual_cap=r.annual_cap,
        pooling_fund=r.pooling_fund, supplementary_kind=r.supplementary_kind, supplementary=r.supplementary,
        fund_total=r.fund_total, personal=r.personal, account=r.account, mutual_aid=r.mutual_aid,
        mutual_aid_holder=holder, cash=r.cash, balance_after=r.balance_after, shared_cap=r.shared_cap,
        cap_group=r.cap_group, policy_source=r.policy_source, settled_on=s.settled_on, reversed_on=s.reversed_on,
    )  # fmt: skip


@attrs.frozen
class SettlementView(SettlementSummary):
    """One settlement with its lines."""

    lines: list[SettlementLine]

    @classmethod
    def of(cls, s: Settlement, reveal: bool = False) -> "SettlementView":
        return cls(**_summary_fields(s, reveal), lines=[SettlementLine.of(line) for line in s.result.lines])


@attrs.frozen
class SettlementEstimate(SettlementSummary):
    """A pre-settlement's figures (2206/2303): never stored, so no id, and status "estimate"."""

    id: None  # type: ignore[assignment]
    status: Literal["estimate"]  # type: ignore[assignment]
    lines: list[SettlementLine]
    estimate: Literal[True] = True

    @classmethod
    def of(cls, s: Settlement, reveal: bool = False) -> "SettlementEstimate":
        fields = {**_summary_fields(s, reveal), "id": None, "status": "estimate"}
        return cls(**fields, lines=[SettlementLine.of(line) for line in s.result.lines])


@attrs.frozen
class NhsaSettlement:
    """The settlement under the national platform's output names (amounts in yuan)."""

    setl_id: str
    psn_no: str
    psn_name: str
    fixmedins_code: str
    medfee_sumamt: Fen
    fulamt_ownpay_amt: Fen
    overlmt_selfpay: Fen
    preselfpay_amt: Fen
    inscp_scp_amt: Fen
    act_pay_dedc: Fen
    hifp_pay: Fen
    pool_prop_selfpay: Decimal
    hifob_pay: Fen
    hifmi_pay: Fen
    fund_pay_sumamt: Fen
    psn_part_amt: Fen
    acct_pay: Fen
    acct_mulaid_pay: Fen
    psn_cash_pay: Fen
    balc: Fen
    insuplc_admdvs: str
    mdtrtarea_admvs: str
    setl_time: dt.date
    refd_setl_flag: Literal["0", "1"]

    @classmethod
    def of(cls, s: Settlement, reveal: bool = False) -> "NhsaSettlement":
        return cls(**_nhsa_fields(s, reveal))


def _nhsa_fields(s: Settlement, reveal: bool) -> dict[str, Any]:
    r = s.result
    large = r.supplementary if r.supplementary_kind is SupplementaryKind.LARGE_AMOUNT else Fen(0)
    critical = r.supplementary if r.supplementary_kind is SupplementaryKind.CRITICAL_ILLNESS else Fen(0)
    return dict(
        setl_id=str(s.id), psn_no=masked_id(s.bill.citizen_id.number, reveal), psn_name=s.person_name,
        fixmedins_code=s.bill.institution_code, medfee_sumamt=r.total, fulamt_ownpay_amt=r.fully_self_paid,
        overlmt_selfpay=r.over_limit, preselfpay_amt=r.first_self_paid, inscp_scp_amt=r.in_scope,
        act_pay_dedc=r.deductible_applied, hifp_pay=r.pooling_fund, pool_prop_selfpay=r.ratio, hifob_pay=large,
        hifmi_pay=critical, fund_pay_sumamt=r.fund_total, psn_part_amt=r.personal, acct_pay=r.account,
        acct_mulaid_pay=r.mutual_aid, psn_cash_pay=r.cash, balc=r.balance_after, insuplc_admdvs=s.insured_region,
        mdtrtarea_admvs=s.treatment_region, setl_time=s.settled_on, refd_setl_flag="1" if s.reversed_on else "0",
    )  # fmt: skip


@attrs.frozen
class NhsaEstimate(NhsaSettlement):
    """A pre-settlement under the national platform's names: ``setl_id`` empty, never stored."""

    setl_id: Literal[""]
    estimate: Literal[True] = True

    @classmethod
    def of(cls, s: Settlement, reveal: bool = False) -> "NhsaEstimate":
        return cls(**{**_nhsa_fields(s, reveal), "setl_id": ""})


__all__ = ["NhsaEstimate", "NhsaSettlement", "SettlementEstimate", "SettlementLine", "SettlementSummary", "SettlementView"]
