"""The filing approval form (基本医疗保险跨省异地就医备案表), built from what the service read."""

import datetime as dt

from shebao.documents import Document, DocumentKind, Field, Section, Table
from shebao.documents.card import place_name, region_name
from shebao.ids import Sex, mask
from shebao.model.filing import Filing
from shebao.model.institution import Institution
from shebao.model.person import Person


def _institutions_section(institutions: list[Institution]) -> Section:
    """The designated institutions the filing names; none named: every networked one."""
    rows = [(i.code, i.name, i.level_label, place_name(i.region)) for i in institutions]
    return Section(
        "就医地定点医疗机构",
        table=Table(("机构编码", "机构名称", "等级", "所在地"), tuple(rows)) if rows else None,
        fields=() if rows else (Field("范围", "就医地所有联网定点医疗机构"),),
    )


def _person_section(filing: Filing, person: Person, phone: str, reveal: bool) -> Section:
    return Section(
        "参保人信息",
        (
            Field("姓名", person.name),
            Field("性别", "男" if person.sex is Sex.MALE else "女"),
            Field("证件类型", "居民身份证"),
            Field("证件号码", person.citizen_id.number if reveal else person.citizen_id.masked()),
            Field("联系电话", phone if reveal or not phone else mask(phone, keep_start=3, keep_end=4)),
            Field("参保地", region_name(filing.insured_region)),
            Field("险种", "职工基本医疗保险" if person.scheme.value == "employee" else "城乡居民基本医疗保险"),
        ),
    )


def _filing_section(filing: Filing, decided_on: dt.date, today: dt.date) -> Section:
    validity = f"{filing.starts_on} 至 {filing.ends_on}" if filing.ends_on else f"{filing.starts_on} 起长期有效（变更前）"
    state = {"approved": "已备案", "revoked": "已撤销", "expired": "已过期"}.get(filing.state_on(today).value, "")
    return Section(
        "备案信息",
        (
            Field("备案编号", filing.id),
            Field("备案类别", filing.category.label),
            Field("就医地", region_name(filing.treatment_region)),
            Field("居住地址", filing.address or "—"),
            Field("有效期", validity),
            Field("提交材料", "、".join(sorted(d.label for d in filing.documents))),
            Field("备案渠道", filing.channel.label),
            Field("申请日期", filing.applied_on.isoformat()),
            Field("审核日期", decided_on.isoformat()),
            Field("状态", state),
        ),
    )


def filing_approval(
    filing: Filing, person: Person, phone: str, institutions: list[Institution], today: dt.date, reveal: bool = False
) -> Document:
    """The printed form of a decided (not rejected) filing; the id number and the phone are
    masked unless ``reveal``."""
    assert filing.decided_on is not None, "only a decided filing has an approval form"
    return Document(
        kind=DocumentKind.FILING_APPROVAL,
        title="基本医疗保险跨省异地就医备案表",
        number=filing.id,
        issued_on=today,
        issuer=f"{place_name(filing.insured_region)}医疗保障经办机构",
        sections=(
            _person_section(filing, person, phone, reveal),
            _filing_section(filing, filing.decided_on, today),
            _institutions_section(institutions),
        ),
        signatures=("参保人（代办人）签字", "经办人签字", "经办机构（盖章）"),
        notes=(
            "本人承诺所填信息和提交材料真实有效，如有虚假，愿承担相应责任。",
            "备案后在就医地联网定点医疗机构就医，持社会保障卡或医保电子凭证直接结算。",
        ),
    )
