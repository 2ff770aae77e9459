"""The card journey's printed documents, built as generic ``Document`` values: the
registration form, the non-tax income payment notice and the financial receipt."""

import datetime as dt

import attrs

from shebao import plugins
from shebao.documents import Document, DocumentKind, Field, Section, Table
from shebao.ids import Sex, mask
from shebao.model.card import CardApplication, IdentityDocument, PhotoSource
from shebao.model.payment import IssuedNotice, Payment, PaymentChannel, PaymentMethod
from shebao.model.person import Person
from shebao.money import capital_numerals, yuan

ISSUER = "社会保险经办机构"
_DOCUMENTS = {IdentityDocument.IDENTITY_CARD: "居民身份证", IdentityDocument.HOUSEHOLD_REGISTER: "居民户口簿"}
_SEX = {Sex.MALE: "男", Sex.FEMALE: "女"}
_METHODS = {
    PaymentMethod.COUNTER: "柜面",
    PaymentMethod.ONLINE_BANKING: "网上银行",
    PaymentMethod.CREDIT_CARD: "信用卡",
    PaymentMethod.WECHAT_PAY: "微信支付",
    PaymentMethod.ALIPAY: "支付宝",
}


def _region_name(code: str) -> str:
    from shebao import gbt2260

    region = plugins.regions().get(code) or gbt2260.get(code)
    return f"{region.name}（{code}）" if region else code


def registration_form(person: Person, application: CardApplication, today: dt.date) -> Document:
    photo = (
        "公安部门照片（已存档）"
        if application.photo_source is PhotoSource.PUBLIC_SECURITY
        else f"照片回执号 {application.photo_receipt}"
    )
    sections = (
        Section(
            "申领人基本信息",
            (
                Field("姓名", person.name),
                Field("性别", _SEX[person.sex]),
                Field("出生日期", person.birth_date.isoformat()),
                Field("国籍", person.nationality),
                Field("证件类型", _DOCUMENTS[application.document]),
                Field("社会保障号码", person.citizen_id.number),
                Field("户籍地", _region_name(person.hukou_region)),
                Field("参保地", _region_name(person.insured_region)),
                Field("联系电话", application.phone),
                Field("通讯地址", application.address),
            ),
        ),
        Section(
            "申领信息",
            (
                Field("申领编号", application.number),
                Field("申领类型", "补换卡" if application.replaces else "首次申领"),
                Field("照片", photo),
                Field("申领地点", _region_name(application.region)),
                Field("申领日期", application.applied_on.isoformat()),
                Field("工本费", f"{yuan(application.fee)} 元" if application.fee else "免费"),
                Field("缴款通知书编号", application.notice_number or "（免费，无需缴款）"),
            ),
        ),
    )
    return Document(
        kind=DocumentKind.REGISTRATION_FORM,
        title="社会保障卡申领登记表",
        number=application.number,
        issued_on=today,
        issuer=ISSUER,
        sections=sections,
        signatures=("申领人（代办人）签名", "经办人签名"),
        notes=(
            "本人承诺所填信息真实有效。",
            "领卡时请携带本人居民身份证原件（或户口簿、代办人居民身份证）及本登记表。",
        ),
    )


def payment_notice(issued: IssuedNotice, channels: list[PaymentChannel]) -> Document:
    notice = issued.notice
    rows = tuple((c.name, plugins.payment_instruction(c, notice).text) for c in channels)
    return Document(
        kind=DocumentKind.PAYMENT_NOTICE,
        title="非税收入缴款通知书",
        number=notice.number,
        issued_on=notice.issued_on,
        issuer=ISSUER,
        sections=(
            Section(
                "缴款信息",
                (
                    Field("缴款人", notice.payer_name),
                    Field("证件号码", mask(notice.payer_id, 4, 4)),
                    Field("收款人", notice.payee_name),
                    Field("收款账号", notice.payee_account),
                    Field("收费项目", notice.item),
                    Field("金额（小写）", f"¥{yuan(notice.amount)}"),
                    Field("金额（大写）", capital_numerals(notice.amount)),
                    Field("通知书编号", notice.number),
                    Field("开具日期", notice.issued_on.isoformat()),
                ),
            ),
            Section("代收银行及缴款方式", table=Table(("代收机构", "缴款方式"), rows)),
        ),
        signatures=("开票单位（盖章）", "经办人"),
        notes=("请持本通知书到上列代收银行缴款，或扫码支付；缴款后索取财政票据。",),
    )


def reprinted(document: Document, today: dt.date) -> Document:
    """A document printed again: marked as a copy in its title and notes, so it is never
    taken for a second original (a notice paid twice)."""
    note = f"副本：{today.isoformat()} 重新打印，原件开具于 {document.issued_on.isoformat()}；请勿重复缴款。"
    return attrs.evolve(document, title=f"{document.title}（副本）", notes=(*document.notes, note))


def financial_receipt(issued: IssuedNotice, payment: Payment, channel: PaymentChannel, today: dt.date) -> Document:
    notice = issued.notice
    return Document(
        kind=DocumentKind.FINANCIAL_RECEIPT,
        title="非税收入一般缴款书（收据）",
        number=payment.receipt,
        issued_on=today,
        issuer=ISSUER,
        sections=(
            Section(
                "收款信息",
                (
                    Field("缴款人", notice.payer_name),
                    Field("收费项目", notice.item),
                    Field("通知书编号", notice.number),
                    Field("金额（小写）", f"¥{yuan(payment.amount)}"),
                    Field("金额（大写）", capital_numerals(payment.amount)),
                    Field("收款渠道", f"{channel.name}（{_METHODS[payment.method]}）"),
                    Field("银行流水号", payment.receipt),
                    Field("缴款时间", payment.paid_at.isoformat(sep=" ", timespec="seconds")),
                ),
            ),
        ),
        signatures=("收款单位（财务专用章）", "复核人", "收款人"),
    )
