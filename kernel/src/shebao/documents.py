"""Printable documents as structured content; printer plugins lay them out.

The kernel fills a ``Document`` (title, sections of labelled fields, tables, signature
lines); a printer renders any document kind in its format without knowing the kind's rules.
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
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@attrs.frozen
class Section:
    heading: str
    fields: tuple[Field, ...] = ()
    table: Table | None = None


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


@attrs.frozen
class DocumentFormat:
    name: str  # "docx", "html", "text"
    media_type: str
    extension: str
    description: str
