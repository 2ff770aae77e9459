"""Sample inputs the kit hands to a plugin: notices, collected payments and documents.

Made to find the usual slips: amounts of one fen and of millions, Chinese text, and field
values with characters a markup format must escape.
"""

import datetime as dt

from stdnum import luhn

from shebao.documents import Document, DocumentKind, Field, Section, Table
from shebao.model.payment import ChannelKind, CollectedPayment, PaymentChannel, PaymentNotice
from shebao.money import Fen

ISSUED_ON = dt.date(2026, 3, 2)
AMOUNTS = (Fen(2000), Fen(1), Fen(123_456_789))
MARKUP = "<script>alert(1)</script> & 张三"  # must never reach an HTML page unescaped

# channels and formats no plugin may claim: a plugin that answers for them answers for everyone
FOREIGN_CHANNELS = (
    PaymentChannel(code="conformance-counter", name="一致性检查柜台", kind=ChannelKind.BANK_COUNTER),
    PaymentChannel(code="conformance-online", name="一致性检查在线支付", kind=ChannelKind.ONLINE),
)
FOREIGN_FORMAT = "conformance-unknown-format"
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
}


def document(kind: DocumentKind) -> Document:
    """A document of ``kind`` with every part a printer lays out: fields, a table, signatures, notes."""
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
            ),
            Section(
                heading="明细",
                table=Table(
                    columns=("项目", "数量", "金额"),
                    rows=(("工本费", "1", "20.00"), ("很长的项目名称" * 6, "1000", "1234567.89")),
                ),
            ),
        ),
        signatures=("申请人签名", "经办人"),
        notes=("本表一式两份。", "Notes may contain ASCII & symbols < > too."),
    )


def documents() -> list[Document]:
    return [document(kind) for kind in DocumentKind]
