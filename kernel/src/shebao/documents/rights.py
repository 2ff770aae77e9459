"""The personal rights record (个人权益记录) as a printable document."""

import datetime as dt

from shebao.documents import Document, DocumentKind, Field, Section, Table
from shebao.documents.card import ISSUER
from shebao.gbt2260 import label
from shebao.ids import mask
from shebao.model.account import EntryKind
from shebao.model.person import Scheme, Standing
from shebao.money import yuan
from shebao.services.rights import RightsRecord

_SCHEMES = {Scheme.EMPLOYEE: "职工基本医疗保险", Scheme.RESIDENT: "城乡居民基本医疗保险"}
_STANDINGS = {Standing.INSURED: "参保缴费", Standing.STOPPED: "暂停参保", Standing.DECEASED: "终止参保（死亡）"}
_ENTRIES = {
    EntryKind.CONTRIBUTION_CREDIT: "缴费划入",
    EntryKind.RETIREE_CREDIT: "退休人员定额划入",
    EntryKind.SETTLEMENT_DEBIT: "医疗费用支付",
    EntryKind.SETTLEMENT_REFUND: "结算冲销退回",
    EntryKind.CONTRIBUTION_REVERSAL: "缴费退款冲回",
}


def rights_record_document(record: RightsRecord, today: dt.date) -> Document:
    person = record.person
    periods = "；".join(
        f"{label(p.insured_region)} {_SCHEMES[p.scheme]} {p.first_day} 至 {p.last_day or '今'}" for p in record.periods
    )
    sections = [
        Section(
            "参保信息",
            (
                Field("姓名", person.name),
                Field("社会保障号码", mask(person.citizen_id.number, 4, 4)),
                Field("参保地", label(person.insured_region)),
                Field("险种", _SCHEMES[person.scheme]),
                Field("参保状态", _STANDINGS[person.standing]),
                Field("本年参保期间", periods or "本年未参保"),
            ),
        ),
        _contributions(record),
    ]
    if record.opening_balance is not None and record.closing_balance is not None:
        sections.append(_account(record))
    sections.append(_settlements(record))
    return Document(
        kind=DocumentKind.RIGHTS_RECORD,
        title=f"{record.year}年度个人权益记录（医疗保险）",
        number=f"QY{record.year}{person.citizen_id.number[-4:]}",
        issued_on=today,
        issuer=ISSUER,
        sections=tuple(sections),
        notes=("本记录依据《社会保险法》第四条向参保人提供；如有异议，请向参保地经办机构申请核查。",),
    )


def _contributions(record: RightsRecord) -> Section:
    if record.person.scheme is Scheme.RESIDENT:
        premium = record.resident_premium
        fields = (
            Field("缴费年度", str(record.year)),
            Field("个人缴费", f"¥{yuan(premium.amount)}" if premium else "未缴费"),
            Field("完税凭证号", premium.receipt if premium else ""),
            Field("缴费日期", premium.paid_on.isoformat() if premium else ""),
        )
        return Section("居民医保缴费", fields)
    rows = tuple(
        (
            str(c.period),
            yuan(c.assessment.base),
            yuan(c.assessment.employer_part),
            yuan(c.assessment.individual_part),
            yuan(c.assessment.account_credit),
            c.channel.value,
            c.paid_on.isoformat(),
        )
        for c in record.contributions
    )
    total = (
        "合计",
        "",
        yuan(sum(c.assessment.employer_part for c in record.contributions)),
        yuan(sum(c.assessment.individual_part for c in record.contributions)),
        yuan(sum(c.assessment.account_credit for c in record.contributions)),
        f"{len(rows)}个月",
        "",
    )
    columns = ("月份", "缴费基数", "单位缴费", "个人缴费", "划入个人账户", "缴费渠道", "缴费日期")
    return Section("职工医保缴费（按月）", table=Table(columns, (*rows, total)))


def _account(record: RightsRecord) -> Section:
    assert record.opening_balance is not None and record.closing_balance is not None
    rows = tuple(
        (e.booked_on.isoformat(), _ENTRIES.get(e.kind, e.kind.value), yuan(e.amount), e.reference) for e in record.entries
    )
    credits = sum(e.amount for e in record.entries if e.amount > 0)
    debits = sum(e.amount for e in record.entries if e.amount < 0)
    fields = (
        Field("年初余额", f"¥{yuan(record.opening_balance)}"),
        Field("本年划入", f"¥{yuan(credits)}"),
        Field("本年支出", f"¥{yuan(-debits)}"),
        Field("年末余额", f"¥{yuan(record.closing_balance)}"),
    )
    return Section("个人账户", fields, Table(("日期", "摘要", "金额", "业务号"), rows))


def _settlements(record: RightsRecord) -> Section:
    rows = tuple(
        (
            str(s.id),
            s.bill.service_date.isoformat(),
            s.institution_name,
            yuan(s.result.total),
            yuan(s.result.fund_total),
            yuan(s.result.account),
            yuan(s.result.cash),
            "已冲销" if s.reversed_on else "已结算",
        )
        for s in record.settlements
    )
    columns = ("结算号", "日期", "医疗机构", "总费用", "基金支付", "个人账户支付", "现金支付", "状态")
    return Section("医疗费用结算", table=Table(columns, rows))
