"""Sample inputs the kit hands to a plugin: notices, collected payments, documents, filings.

Made to find the usual slips: amounts of one fen and of millions, Chinese text, and field
values with characters a markup format must escape.
"""

import datetime as dt
from decimal import Decimal

from stdnum import luhn

from shebao.documents import Document, DocumentKind, Field, QrCode, Section, Table
from shebao.model.filing import Filing, FilingCategory, FilingDocument, FilingState
from shebao.model.payment import ChannelKind, CollectedPayment, PaymentChannel, PaymentNotice
from shebao.model.person import Scheme
from shebao.money import Fen
from shebao.policy import CardPolicy, ContributionPolicy, Policy
from shebao.regions import Region

ISSUED_ON = dt.date(2026, 3, 2)
AMOUNTS = (Fen(2000), Fen(1), Fen(123_456_789))
MARKUP = "<script>alert(1)</script> & 张三"  # must never reach an HTML page unescaped

# channels and formats no plugin may claim: a plugin that answers for them answers for everyone
FOREIGN_CHANNELS = (
    PaymentChannel(code="conformance-counter", name="一致性检查柜台", kind=ChannelKind.BANK_COUNTER),
    PaymentChannel(code="conformance-online", name="一致性检查在线支付", kind=ChannelKind.ONLINE),
)
FOREIGN_FORMAT = "conformance-unknown-format"
# a region no GB/T 2260 province holds: a province plugin answering for it answers for every region
FOREIGN_REGION = Region("990000", "一致性检查地区")
# ISO/IEC 7812 major industry identifier 0 is not a bank's: no plugin may name an issuer for it
FOREIGN_CARD_PREFIX = "000000"
CARD_LENGTHS = (16, 19)  # UnionPay credit and debit cards


def card_number(prefix: str, length: int, valid: bool = True) -> str:
    """A card number of ``length`` digits starting with ``prefix``; its Luhn check digit
    is right when ``valid``, one off otherwise."""
    body = (prefix + "0123456789" * 2)[: length - 1]
    check = luhn.calc_check_digit(body)
    return body + (check if valid else str((int(check) + 1) % 10))


def notices() -> list[PaymentNotice]:
    return [
        PaymentNotice(
            number=f"FS2026030200{index:04d}",
            payer_name="李娜",
            payer_id="440304198503120021",
            item="社会保障卡工本费",
            amount=amount,
            payee_name="社会保险基金财政专户",
            payee_account="44001234567890123456",
            issued_on=ISSUED_ON,
        )
        for index, amount in enumerate(AMOUNTS, start=1)
    ]


def collected_payments(channel: PaymentChannel) -> list[CollectedPayment]:
    return [
        CollectedPayment(
            channel=channel.code,
            notice_number=notice.number,
            amount=notice.amount,
            paid_at=dt.datetime(2026, 3, 2, 9 + index, 5 * index, 7),
            receipt=f"R2026030200{index:06d}",
        )
        for index, notice in enumerate(notices(), start=1)
    ]


_TITLES = {
    DocumentKind.REGISTRATION_FORM: "社会保障卡申领登记表",
    DocumentKind.PAYMENT_NOTICE: "非税收入缴款通知书",
    DocumentKind.FINANCIAL_RECEIPT: "财政票据",
    DocumentKind.FILING_APPROVAL: "异地就医备案表",
    DocumentKind.SETTLEMENT_STATEMENT: "医疗费用结算单",
    DocumentKind.RIGHTS_RECORD: "个人权益记录",
}


def document(kind: DocumentKind) -> Document:
    """A document of ``kind`` with every part a printer lays out: fields beside a photo box, a
    table with a total row, QR codes, signatures, notes and a tear-off stub."""
    return Document(
        kind=kind,
        title=_TITLES[kind],
        number=f"CONF-{kind.value.upper()}-0001",
        issued_on=ISSUED_ON,
        issuer="某市医疗保障事务中心（一致性检查）",
        sections=(
            Section(
                heading="个人信息",
                fields=(
                    Field("姓名", MARKUP),
                    Field("社会保障号码", "440304198503120021"),
                    Field("金额（大写）", "人民币贰拾元整"),
                    Field("空白项", ""),
                ),
                photo="贴照片处",
            ),
            Section(
                heading="明细",
                table=Table(
                    columns=("项目", "数量", "金额"),
                    rows=(("工本费", "1", "20.00"), ("很长的项目名称" * 6, "1000", "1234567.89")),
                    total=("合计", "", "1234587.89"),
                ),
                codes=(QrCode("微信支付", "weixin://nontax/pay?notice=CONF&amount=20.00"),),
            ),
        ),
        signatures=("申请人签名", "经办人"),
        notes=("本表一式两份。", "Notes may contain ASCII & symbols < > too."),
        stub=Document(
            kind=kind,
            title="回执",
            number=f"CONF-{kind.value.upper()}-0001",
            issued_on=ISSUED_ON,
            issuer="某市医疗保障事务中心（一致性检查）",
            sections=(Section(heading="回执", fields=(Field("姓名", MARKUP),)),),
        ),
    )


def documents() -> list[Document]:
    return [document(kind) for kind in DocumentKind]


def filings(insured_region: str) -> list[Filing]:
    """A sound long-term and a sound temporary filing of a person insured in ``insured_region``,
    waiting for review, for treatment in another province."""
    treatment = "310000" if insured_region[:2] != "31" else "110000"
    long_term = Filing(
        id="CONF-FILING-0001",
        citizen_id="440304198503120021",
        insured_region=insured_region,
        treatment_region=treatment,
        category=FilingCategory.LONG_TERM_RETIREE_RESETTLED,
        documents=frozenset({FilingDocument.RESIDENCE_CERTIFICATE, FilingDocument.CARD_AND_COPY}),
        applied_on=ISSUED_ON,
        starts_on=ISSUED_ON,
        ends_on=None,
        state=FilingState.APPLIED,
        address="某区某路1号（一致性检查）",
    )
    temporary = Filing(
        id="CONF-FILING-0002",
        citizen_id="440304198503120021",
        insured_region=insured_region,
        treatment_region=treatment,
        category=FilingCategory.TEMPORARY_REFERRAL,
        documents=frozenset({FilingDocument.CARD_AND_COPY, FilingDocument.REFERRAL_FORM, FilingDocument.ADMISSION_NOTE}),
        applied_on=ISSUED_ON,
        starts_on=ISSUED_ON,
        ends_on=ISSUED_ON.replace(year=ISSUED_ON.year + 1),
        state=FilingState.APPLIED,
        inpatient=True,
    )
    return [long_term, temporary]


def policy(region: Region, scheme: Scheme, year: int) -> Policy:
    """A plain policy for a region no plugin gives one for (the foreign region)."""
    return Policy(
        region=region.code,
        scheme=scheme,
        year=year,
        contribution=ContributionPolicy(
            employer_rate=Decimal("0.08"),
            individual_rate=Decimal("0.02"),
            account_share=Decimal("0.02"),
            flexible_rate=Decimal("0.10"),
            flexible_account_share=Decimal("0.02"),
            retiree_monthly_credit=Fen(8000),
        ),
        card=CardPolicy(first_card_fee=Fen(0), collecting_banks=(), production_working_days=20),
        source="conformance sample",
    )
