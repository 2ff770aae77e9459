"""The card journey's printed documents, built as generic ``Document`` values: the
registration form with its tear-off receipt, the non-tax income payment notice and the
financial receipt (the general payment book's receipt copy)."""

import datetime as dt

import attrs

from shebao import plugins
from shebao.documents import Document, DocumentKind, Field, QrCode, Section, Table
from shebao.ids import Sex, mask
from shebao.model.card import CardApplication, IdentityDocument, PhotoSource
from shebao.model.payment import ChannelKind, IssuedNotice, NoticeKind, Payment, PaymentChannel, PaymentMethod
from shebao.model.person import Person
from shebao.money import capital_numerals, yuan
from shebao.policy import CardPolicy
from shebao.rules.notices import payment_code, receipt_code_and_number

ISSUER = "社会保险经办机构"
PHOTO_BOX = "贴照片处\n（一寸白底免冠彩色照片）"
_DOCUMENTS = {IdentityDocument.IDENTITY_CARD: "居民身份证", IdentityDocument.HOUSEHOLD_REGISTER: "居民户口簿"}
_SEX = {Sex.MALE: "男", Sex.FEMALE: "女"}
_METHODS = {
    PaymentMethod.COUNTER: "柜面",
    PaymentMethod.ONLINE_BANKING: "网上银行",
    PaymentMethod.CREDIT_CARD: "信用卡",
    PaymentMethod.WECHAT_PAY: "微信支付",
    PaymentMethod.ALIPAY: "支付宝",
}


def place_name(code: str) -> str:
    """A region's name: the one an installed plugin gives it, else GB/T 2260's as stdnum
    knows it (province, city, county; the latest name of a renamed one); '' if neither."""
    region = plugins.regions().get(code)
    if region is not None:  # GB/T 2260 names a municipality's city level 市辖区: people say 上海市
        return region.name.removesuffix("市辖区") if region.name.endswith("市市辖区") else region.name
    province, county = _gb2260(code)
    if not county:
        return ""
    city = _gb2260(code[:4] + "00")[1] if not code.endswith("00") else ""
    return province + ("" if city.endswith("市辖区") else city) + county


def _gb2260(code: str) -> tuple[str, str]:
    """Province and (latest) lower-level name of a 6-digit code, from stdnum's table."""
    from stdnum import numdb

    found = dict(numdb.get("cn/loc").info(code))
    if len(found) != 2:
        return "", ""
    province, lower = (next(iter(part.values()), "") for part in found.values())
    return province, lower.split(",")[-1].rsplit("]", 1)[-1]  # "[1983-1989]旧名,[1990-]新名"


def region_name(code: str) -> str:
    """A region as people know it: its name, with the code in brackets; the bare code only
    when no name is known."""
    name = place_name(code)
    return f"{name}（{code}）" if name else code


def country_name(code: str) -> str:
    """A nationality (ISO 3166 alpha-3, as stored) by its Chinese name from CLDR (Babel)."""
    from babel import Locale
    from babel.core import get_global

    alpha2 = (get_global("territory_aliases").get(code.upper()) or [code.upper()])[0]
    return str(Locale.parse("zh_CN").territories.get(alpha2, code))


def grouped(digits: str) -> str:
    """A long number in groups of four, as it is read out and keyed in."""
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def _ticked(banks: list[PaymentChannel], chosen: str | None) -> str:
    """The banks as tick boxes, the chosen one ticked (all open when none is chosen yet)."""
    return "　".join(("☑" if bank.code == chosen else "□") + bank.name for bank in banks)


def _applicant_section(person: Person, application: CardApplication, employer: str | None) -> Section:
    return Section(
        "申领人基本信息",
        (
            Field("姓名", person.name),
            Field("性别", _SEX[person.sex]),
            Field("民族", application.ethnicity or ""),
            Field("出生日期", person.birth_date.isoformat()),
            Field("国籍", country_name(person.nationality)),
            Field("证件类型", _DOCUMENTS[application.document]),
            Field("社会保障号码", person.citizen_id.number),
            Field("联系电话", application.phone),
            Field("户籍地", region_name(person.hukou_region)),
            Field("参保地", region_name(person.insured_region)),
            Field("单位名称", employer or "无"),
            Field("通讯地址", application.address),
        ),
        photo=PHOTO_BOX,
    )


def _application_section(application: CardApplication, counters: list[PaymentChannel]) -> Section:
    photo = (
        "公安部门照片（已存档）"
        if application.photo_source is PhotoSource.PUBLIC_SECURITY
        else f"照片回执号 {application.photo_receipt}"
    )
    return Section(
        "申领信息",
        (
            Field("申领编号", application.number),
            Field("申领类型", "补换卡" if application.replaces else "首次申领"),
            Field("照片", photo),
            Field("申领地点", region_name(application.region)),
            Field("申领日期", application.applied_on.isoformat()),
            Field("工本费", f"{yuan(application.fee)} 元" if application.fee else "免费"),
            Field("缴款通知书编号", application.notice_number or "免费，无需缴款"),
            Field("领卡银行", _ticked(counters, application.bank) if counters else "经办机构窗口"),
        ),
    )


def _agent_section(application: CardApplication) -> Section:
    agent = application.agent
    return Section(
        "代办人信息（本人申领不填）",
        (
            Field("代办人姓名", agent.name if agent else ""),
            Field("代办人联系电话", agent.phone if agent else ""),
            Field("代办人证件类型", "居民身份证"),
            Field("代办人证件号码", agent.citizen_id if agent else ""),
        ),
    )


def _receipt(
    person: Person, application: CardApplication, today: dt.date, chosen: str | None, production_working_days: int | None
) -> Document:
    """The tear-off receipt (回执) the applicant collects the card with."""
    ready = f"缴费成功后 {production_working_days} 个工作日内" if production_working_days is not None else "另行通知"
    return Document(
        kind=DocumentKind.REGISTRATION_FORM,
        title="社会保障卡申领回执",
        number=application.number,
        issued_on=today,
        issuer=ISSUER,
        sections=(
            Section(
                "回执",
                (
                    Field("姓名", person.name),
                    Field("社会保障号码", person.citizen_id.masked()),
                    Field("申领编号", application.number),
                    Field("申领日期", application.applied_on.isoformat()),
                    Field("领卡银行", chosen or "经办机构窗口"),
                    Field("制卡时间", ready),
                ),
            ),
        ),
        signatures=("经办人",),
        notes=("凭本回执及本人居民身份证原件（代领另持代办人居民身份证）领卡。",),
    )


def registration_form(
    person: Person,
    application: CardApplication,
    today: dt.date,
    employer: str | None = None,
    banks: tuple[PaymentChannel, ...] = (),
    production_working_days: int | None = None,
) -> Document:
    """社会保障卡申领登记表: the applicant's details beside a box for the photograph, the
    application, the agent, the bank to collect the card at; a receipt (回执) to tear off."""
    counters = [bank for bank in banks if bank.kind is ChannelKind.BANK_COUNTER]
    chosen = next((bank.name for bank in counters if bank.code == application.bank), None)
    return Document(
        kind=DocumentKind.REGISTRATION_FORM,
        title="社会保障卡申领登记表",
        number=application.number,
        issued_on=today,
        issuer=ISSUER,
        sections=(
            _applicant_section(person, application, employer),
            _application_section(application, counters),
            _agent_section(application),
        ),
        signatures=("申领人（代办人）签名", "经办人签名"),
        notes=(
            "本人承诺所填信息真实有效。",
            "领卡时请携带本人居民身份证原件（或户口簿、代办人居民身份证）及本登记表。",
        ),
        stub=_receipt(person, application, today, chosen, production_working_days),
    )


def payment_notice(issued: IssuedNotice, channels: list[PaymentChannel], policy: CardPolicy | None = None) -> Document:
    """非税收入缴款通知书: the payment code, the collecting agency and item with their codes,
    the amount, the deadline, the banks that collect it and a QR code per payment app."""
    notice = issued.notice
    card_fee = issued.kind is NoticeKind.CARD_FEE
    item_code = (policy.fee_item_code if card_fee else policy.contribution_item_code) if policy else ""
    counters = tuple(
        (c.name, plugins.payment_instruction(c, notice).text) for c in channels if c.kind is ChannelKind.BANK_COUNTER
    )
    codes = tuple(
        QrCode(c.name, plugins.payment_instruction(c, notice).reference) for c in channels if c.kind is ChannelKind.ONLINE
    )
    amount = yuan(notice.amount)
    fields = [
        Field("缴款码", grouped(payment_code(notice.number))),
        Field("通知书编号", notice.number),
        Field("缴款人", notice.payer_name),
        Field("证件号码", mask(notice.payer_id, 4, 4)),
        Field("开具日期", notice.issued_on.isoformat()),
    ]
    if policy is not None:
        fields.append(Field("缴款期限", (notice.issued_on + dt.timedelta(days=policy.payment_days)).isoformat()))
        fields += [Field("执收单位", policy.collecting_agency), Field("执收单位编码", policy.collecting_agency_code)]
    fields += [Field("收款人全称", notice.payee_name), Field("收款账号", notice.payee_account)]
    sections = [
        Section("缴款信息", tuple(field for field in fields if field.value)),
        Section(
            "收费项目",
            table=Table(
                ("项目编码", "收费项目", "数量", "收缴标准", "金额（元）"),
                ((item_code, notice.item, "1", amount, amount),),
                total=("合计", f"金额（大写）{capital_numerals(notice.amount)}", "", "", f"¥{amount}"),
            ),
        ),
    ]
    if counters:
        sections.append(Section("代收银行", table=Table(("代收机构", "缴款方式"), counters)))
    if codes:
        sections.append(Section("扫码缴款", codes=codes))
    return Document(
        kind=DocumentKind.PAYMENT_NOTICE,
        title="非税收入缴款通知书",
        number=notice.number,
        issued_on=notice.issued_on,
        issuer=policy.collecting_agency if policy and policy.collecting_agency else ISSUER,
        sections=tuple(sections),
        signatures=("开票单位（盖章）", "经办人"),
        notes=(_how_to_pay(counters, codes), "缴款后请索取非税收入一般缴款书（收据）。"),
    )


def _how_to_pay(counters: tuple[tuple[str, str], ...], codes: tuple[QrCode, ...]) -> str:
    ways = ["在网上银行输入缴款码"]
    if counters:
        ways.insert(0, "持本通知书到上列代收银行缴款")
    if codes:
        ways.append(f"用{'、'.join(code.caption for code in codes)}扫描下方二维码支付")
    return f"请在缴款期限内{'，或'.join(ways)}。"


def reprinted(document: Document, today: dt.date) -> Document:
    """A document printed again: marked as a copy in its title and notes, so it is never
    taken for a second original (a notice paid twice)."""
    note = f"副本：{today.isoformat()} 重新打印，原件开具于 {document.issued_on.isoformat()}；请勿重复缴款。"
    return attrs.evolve(document, title=f"{document.title}（副本）", notes=(*document.notes, note))


def financial_receipt(issued: IssuedNotice, payment: Payment, channel: PaymentChannel, today: dt.date) -> Document:
    """非税收入一般缴款书（收据）: its 票据代码 and 票据号码, payer and payee, the item table
    with its total in figures and capitals, and how it was paid."""
    notice = issued.notice
    code, number = receipt_code_and_number(notice.number)
    amount = yuan(payment.amount)
    return Document(
        kind=DocumentKind.FINANCIAL_RECEIPT,
        title="非税收入一般缴款书（收据）",
        number=f"{code}-{number}",
        issued_on=today,
        issuer=ISSUER,
        sections=(
            Section(
                "票据信息",
                (
                    Field("票据代码", code),
                    Field("票据号码", number),
                    Field("缴款码", grouped(payment_code(notice.number))),
                    Field("通知书编号", notice.number),
                    Field("缴款人", notice.payer_name),
                    Field("收款人全称", notice.payee_name),
                    Field("收款账号", notice.payee_account),
                    Field("开票日期", today.isoformat()),
                ),
            ),
            Section(
                "收费项目",
                table=Table(
                    ("收费项目", "数量", "收缴标准", "金额（元）"),
                    ((notice.item, "1", amount, amount),),
                    total=("合计", f"金额（大写）{capital_numerals(payment.amount)}", "", f"¥{amount}"),
                ),
            ),
            Section(
                "缴款信息",
                (
                    Field("收款渠道", f"{channel.name}（{_METHODS[payment.method]}）"),
                    Field("银行流水号", payment.receipt),
                    Field("缴款时间", payment.paid_at.isoformat(sep=" ", timespec="seconds")),
                ),
            ),
        ),
        signatures=("收款单位（财务专用章）", "复核人", "收款人"),
    )
