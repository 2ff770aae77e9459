"""A settlement as data for programs (shebao's own fields, or the national platform's names)
and as a printable statement (``Document`` of kind SETTLEMENT_STATEMENT)."""

from shebao.documents import Document, DocumentKind, Field, Section, Table
from shebao.documents.card import place_name
from shebao.ids import masked_id
from shebao.model.catalogue import Category
from shebao.model.settlement import Bill, LineSplit, Management, Settlement, SettlementResult, SupplementaryKind
from shebao.money import Fen, capital_numerals, yuan

VISIT_NAMES = {"inpatient": "住院", "general-outpatient": "普通门诊", "chronic-special": "门诊慢特病"}
MANAGEMENT_NAMES = {
    Management.INTRA_PROVINCE: "省内就医，无需备案",
    Management.FILED: "已备案异地就医",
    Management.EMERGENCY_UNFILED: "未备案急诊，按临时外出急诊备案结算",
    Management.UNFILED_REDUCED: "未备案，按参保地政策降低比例支付",
    Management.UNFILED_NOT_REIMBURSED: "未备案，基金不予支付",
    Management.NOT_DESIGNATED: "非定点医药机构，基金不予支付",
    Management.NOT_OPEN_FOR_SERVICE: "该机构未开通此类跨省结算服务，基金不予支付",
}


def _cap_group_name(group: str) -> str:
    """``chronic-special+inpatient`` as 门诊慢特病、住院."""
    return "、".join(VISIT_NAMES.get(visit, visit) for visit in group.split("+"))


CATEGORY_NAMES = {Category.A: "甲", Category.B: "乙", Category.C: "丙", None: "目录外"}
_SUMMARY_ORDER = (Category.A, Category.B, Category.C, None)


def _category_summary(lines: tuple[LineSplit, ...]) -> Table:
    """The bill's amounts by catalogue category (甲/乙/丙/目录外), with a total row."""
    parts = ("amount", "fully_self_paid", "over_limit", "first_self_paid", "in_scope")
    sums = {category: [0] * len(parts) for category in _SUMMARY_ORDER}
    for line in lines:
        for i, part in enumerate(parts):
            sums[line.category][i] += getattr(line, part)
    rows = tuple(
        (CATEGORY_NAMES[c] + ("类" if c else ""), *(yuan(Fen(v)) for v in sums[c])) for c in _SUMMARY_ORDER if sums[c][0]
    )
    totals = [sum(sums[c][i] for c in _SUMMARY_ORDER) for i in range(len(parts))]
    return Table(
        ("类别", "金额", "全自费", "超限价自费", "先行自付", "符合范围"),
        rows,
        total=("合计", *(yuan(Fen(v)) for v in totals)),
    )


def _stay(b: Bill) -> str:
    """Admission to discharge, and the days in hospital (the day of discharge not counted)."""
    if b.admitted_on and b.discharged_on:
        days = max((b.discharged_on - b.admitted_on).days, 1)
        return f"{b.admitted_on} 至 {b.discharged_on}（住院 {days} 天）"
    return b.service_date.isoformat()


def _visit_section(s: Settlement) -> Section:
    b, r = s.bill, s.result
    visit = VISIT_NAMES[b.visit_type.value] + (f"（{b.disease.label}）" if b.disease else "")
    management = MANAGEMENT_NAMES[r.management]
    if r.filing_category is not None:
        management += f"（{r.filing_category.label}）"
    inpatient = b.visit_type.value == "inpatient"
    fields = [
        Field("定点医药机构", f"{s.institution_name}（{b.institution_code}）"),
        Field("单据号", b.bill_number),
        Field("就诊类型", visit + ("，急诊" if b.emergency else "")),
        Field("住院号", b.admission_number or "") if inpatient else None,
        Field("就诊日期" if b.admitted_on is None else "住院日期", _stay(b)),
        Field("诊断", b.diagnosis or "") if b.diagnosis or inpatient else None,
        Field("就医凭证", "社会保障卡" if b.certificate.value == "card" else "医保电子凭证"),
        Field("异地就医管理", management),
    ]
    return Section("就诊信息", tuple(field for field in fields if field is not None))


def _lines_section(lines: tuple[LineSplit, ...]) -> Section:
    rows = tuple(
        (
            line.code,
            line.name,
            CATEGORY_NAMES[line.category],
            str(line.unit_price),
            str(line.quantity),
            yuan(line.amount),
            yuan(line.fully_self_paid),
            yuan(line.over_limit),
            yuan(line.first_self_paid),
            yuan(line.in_scope),
        )
        for line in lines
    )
    columns = ("编码", "名称", "类别", "单价", "数量", "金额", "全自费", "超限价", "先行自付", "范围内")
    return Section("费用明细", table=Table(columns, rows))


def _result_section(r: SettlementResult, reveal: bool) -> Section:
    supplementary_label = "大病保险支付" if r.supplementary_kind is SupplementaryKind.CRITICAL_ILLNESS else "大额医疗费用补助"
    shared_cap = r.shared_cap is not None and r.cap_group
    aid_holder = masked_id(r.mutual_aid_holder or "", reveal)
    fields = (
        Field("医疗费总额", f"{yuan(r.total)}（{capital_numerals(r.total)}）"),
        Field("全自费金额", yuan(r.fully_self_paid)),
        Field("超限价自费", yuan(r.over_limit)),
        Field("先行自付金额", yuan(r.first_self_paid)),
        Field("符合政策范围金额", yuan(r.in_scope)),
        Field("起付标准", yuan(r.deductible)),
        Field("本次起付线", yuan(r.deductible_applied)),
        Field("统筹基金支付比例", f"{(r.ratio * 100).normalize():f}%"),
        Field("统筹基金年度限额", yuan(r.annual_cap)),
        Field("共用年度限额", f"{yuan(Fen(r.shared_cap or 0))}（{_cap_group_name(r.cap_group or '')}）") if shared_cap else None,
        Field("统筹基金支付", yuan(r.pooling_fund)),
        Field(supplementary_label, yuan(r.supplementary)),
        Field("基金支付合计", yuan(r.fund_total)),
        Field("个人负担", f"{yuan(r.personal)}（{capital_numerals(r.personal)}）"),
        Field("个人账户支付", yuan(r.account)),
        Field("其中家庭共济支付", f"{yuan(r.mutual_aid)}（{aid_holder} 账户）") if r.mutual_aid else None,
        Field("个人现金支付", yuan(r.cash)),
        Field("个人账户余额", yuan(r.balance_after)),
    )
    return Section("结算信息", tuple(field for field in fields if field is not None))


def statement_document(
    s: Settlement, reveal: bool = False, title: str = "医疗保障基金结算单", notes_before: tuple[str, ...] = ()
) -> Document:
    """The settlement statement handed to the patient: every part, lines, the summary by
    catalogue category and totals; all in Chinese, places by name. A reimbursement or an
    estimate passes its own title and first notes."""
    b, r = s.bill, s.result
    insured = place_name(s.insured_region) or s.insured_region
    treatment = place_name(s.treatment_region) or s.treatment_region
    basis = f"政策依据：参保地{insured}基本医疗保险待遇政策（{s.settled_on.year}年度）；就医地{treatment}医保目录。"
    notes = [*notes_before, basis]
    if s.reversed_on:
        notes.insert(0, f"本结算已于 {s.reversed_on} 冲正退费。")
    person = Section(
        "参保人信息",
        (
            Field("姓名", s.person_name),
            Field("社会保障号码", masked_id(b.citizen_id.number, reveal)),
            Field("险种", "职工基本医疗保险" if s.scheme.value == "employee" else "城乡居民基本医疗保险"),
            Field("参保地", insured),
            Field("就医地", treatment),
        ),
    )
    return Document(
        kind=DocumentKind.SETTLEMENT_STATEMENT,
        title=title,
        number=f"JS{s.id:010d}",
        issued_on=s.settled_on,
        issuer=s.institution_name,
        sections=(
            person,
            _visit_section(s),
            Section("费用分类汇总", table=_category_summary(r.lines)),
            _lines_section(r.lines),
            _result_section(r, reveal),
        ),
        signatures=("经办人", "参保人签字"),
        notes=tuple(notes),
    )
