"""Printable documents as structured content; printer plugins lay them out.

The kernel fills a ``Document`` (title, sections of labelled fields, tables, signature
lines, a box for a photograph, QR codes to scan, a tear-off stub); a printer renders any
document kind in its format without knowing the kind's rules. Everything on a document is
meant to be printed, so it is written in Chinese.
"""

import datetime as dt
import enum

import attrs


class DocumentKind(enum.Enum):
    REGISTRATION_FORM = "registration-form"  # 社会保障卡申领登记表
    PAYMENT_NOTICE = "payment-notice"  # 非税收入缴款通知书
    FINANCIAL_RECEIPT = "financial-receipt"
    FILING_APPROVAL = "filing-approval"  # 异地就医备案表
    SETTLEMENT_STATEMENT = "settlement-statement"  # 结算单
    RIGHTS_RECORD = "rights-record"  # 个人权益记录


@attrs.frozen
class Field:
    label: str
    value: str


@attrs.frozen
class Table:
    """A table with a header row (printed again on every page it runs onto) and, where the
    figures add up, a closing total row."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None  # e.g. ("合计", "", "20.00")


@attrs.frozen
class QrCode:
    """A QR code printed for the reader to scan, with what to scan it with."""

    caption: str  # "微信支付"
    payload: str


@attrs.frozen
class Section:
    heading: str
    fields: tuple[Field, ...] = ()
    table: Table | None = None
    photo: str | None = None  # caption of a box beside the fields for a pasted photograph ("贴照片处")
    codes: tuple[QrCode, ...] = ()  # printed below the fields and table


@attrs.frozen
class Document:
    kind: DocumentKind
    title: str
    number: str  # the document's own number (notice number, application number ...)
    issued_on: dt.date
    issuer: str  # the office that issues it
    sections: tuple[Section, ...]
    signatures: tuple[str, ...] = ()  # labels of signature lines
    notes: tuple[str, ...] = ()
    stub: "Document | None" = None  # a tear-off part (回执) printed below a cut line


@attrs.frozen
class DocumentFormat:
    name: str  # "docx", "html", "text"
    media_type: str
    extension: str
    description: str
