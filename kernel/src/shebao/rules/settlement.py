"""Direct settlement, as pure functions: the treatment place's catalogue, the insured place's
policy, the treatment place's management (DOMAIN.md, "Direct settlement").

All arithmetic is in integer fen; a Decimal price, quantity or ratio is turned into an exact
integer fraction, and every rounding is half up.
"""

import datetime as dt
import functools
from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

from shebao.errors import RuleViolation
from shebao.i18n import _
from shebao.model.catalogue import CatalogueItem, Category
from shebao.model.filing import FilingCategory
from shebao.model.fund import FamilyLink
from shebao.model.settlement import (
    FUND_REFUSED,
    Bill,
    BillLine,
    FamilyAid,
    FilingFacts,
    InstitutionFacts,
    LineSplit,
    Management,
    SettlementResult,
    SupplementaryKind,
    VisitType,
    YearToDate,
)
from shebao.money import Fen
from shebao.policy import AccountPayable, BenefitPolicy, SharedCap

_ZERO_RATIO = Decimal(0)


@functools.lru_cache(maxsize=4096)
def _fraction(value: Decimal) -> tuple[int, int]:
    return value.as_integer_ratio()


def _half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up, both non-negative."""
    return (2 * numerator + denominator) // (2 * denominator)


def times(amount: int, ratio: Decimal) -> Fen:
    """``amount × ratio`` in fen, rounded half up; exact for any Decimal ratio."""
    numerator, denominator = _fraction(ratio)
    return Fen(_half_up(amount * numerator, denominator))


def line_amount(unit_price: Decimal, quantity: Decimal) -> Fen:
    """Unit price (yuan) × quantity, rounded half up to the fen."""
    price_num, price_den = _fraction(unit_price)
    quantity_num, quantity_den = _fraction(quantity)
    return Fen(_half_up(price_num * quantity_num * 100, price_den * quantity_den))


def check_bill(bill: Bill) -> list[str]:
    """What is wrong with a structured bill, each message with the path of its field."""
    problems: list[str] = []
    if not bill.bill_number:
        problems.append(_("must not be empty @ $.bill_number"))
    if not bill.institution_code:
        problems.append(_("must not be empty @ $.institution_code"))
    problems += _visit_problems(bill)
    if not bill.lines:
        problems.append(_("a bill needs at least one line @ $.lines"))
    for index, line in enumerate(bill.lines):
        if not line.code:
            problems.append(_("must not be empty @ $.lines[{index}].code").format(index=index))
        if line.quantity <= 0:
            problems.append(_("must be more than zero @ $.lines[{index}].quantity").format(index=index))
    return problems


def _visit_problems(bill: Bill) -> list[str]:
    """The dates and the disease a bill's visit type requires, and no others."""
    problems: list[str] = []
    if bill.visit_type is VisitType.INPATIENT:
        if bill.admitted_on is None:
            problems.append(_("required for an inpatient bill @ $.admitted_on"))
        if bill.discharged_on is None:
            problems.append(_("required for an inpatient bill @ $.discharged_on"))
        if bill.admitted_on and bill.discharged_on and bill.discharged_on < bill.admitted_on:
            problems.append(_("discharge is before admission @ $.discharged_on"))
    else:
        if bill.treated_on is None:
            problems.append(_("required for an outpatient bill @ $.treated_on"))
        for name in ("admitted_on", "discharged_on"):
            if getattr(bill, name) is not None:
                problems.append(_("only for an inpatient bill @ $.{name}").format(name=name))
    if bill.visit_type is VisitType.CHRONIC_SPECIAL and bill.disease is None:
        problems.append(_("required for a chronic-special visit @ $.disease"))
    if bill.visit_type is not VisitType.CHRONIC_SPECIAL and bill.disease is not None:
        problems.append(_("only for a chronic-special visit @ $.disease"))
    return problems


_C, _B = Category.C, Category.B


def split_line(line: BillLine, item: CatalogueItem | None) -> LineSplit:
    """The catalogue's split of one line: fully self-paid, over-limit, first self-paid, in scope.

    Every amount is exact integer arithmetic on the price's and quantity's fractions, rounded
    half up: ``(2n + d) // 2d`` (written out here, the batch's hottest loop)."""
    price_num, price_den = line.unit_price.as_integer_ratio()
    quantity_num, quantity_den = line.quantity.as_integer_ratio()
    denominator = price_den * quantity_den
    amount = (200 * price_num * quantity_num + denominator) // (2 * denominator)  # yuan × quantity, in fen
    if item is None or item.category is _C:
        return LineSplit(
            line.code, line.name, line.unit_price, line.quantity, item.category if item else None,
            Fen(amount), Fen(amount), Fen(0), Fen(0), Fen(0),
        )  # fmt: skip
    over_limit = 0
    if item.price_limit is not None:
        limit_amount = (2 * item.price_limit * quantity_num + quantity_den) // (2 * quantity_den)
        over_limit = max(0, amount - limit_amount)
    rest = amount - over_limit
    first = times(rest, item.first_self_pay_share) if item.category is _B else 0
    return LineSplit(
        line.code, line.name, line.unit_price, line.quantity, item.category,
        Fen(amount), Fen(0), Fen(over_limit), Fen(first), Fen(rest - first),
    )  # fmt: skip


def manage(
    bill: Bill, institution: InstitutionFacts, insured_region: str, filing: FilingFacts | None, benefits: BenefitPolicy
) -> tuple[Management, FilingCategory | None]:
    """The treatment place's management rule: designation, service, filing."""
    if not institution.designated:
        return Management.NOT_DESIGNATED, None
    if bill.service not in institution.services:
        return Management.NOT_OPEN_FOR_SERVICE, None
    if insured_region[:2] == institution.region[:2]:
        return Management.INTRA_PROVINCE, None
    if filing is not None:
        return Management.FILED, filing.category
    if bill.emergency:
        return Management.EMERGENCY_UNFILED, FilingCategory.TEMPORARY_EMERGENCY
    if benefits.unfiled_reduction is None:
        return Management.UNFILED_NOT_REIMBURSED, None
    return Management.UNFILED_REDUCED, None


def ratio_reduction(management: Management, category: FilingCategory | None, benefits: BenefitPolicy) -> Decimal:
    """Percentage points off the ratio for a temporary, emergency or unfiled visit."""
    if management is Management.UNFILED_REDUCED:
        assert benefits.unfiled_reduction is not None
        return benefits.unfiled_reduction
    if category in (FilingCategory.TEMPORARY_REFERRAL, FilingCategory.TEMPORARY_EMERGENCY):
        return benefits.referral_emergency_reduction
    if category is FilingCategory.TEMPORARY_OTHER:
        return benefits.other_temporary_reduction
    return _ZERO_RATIO


class _Fund(NamedTuple):
    deductible: int
    deductible_applied: int
    base_ratio: Decimal
    ratio: Decimal
    annual_cap: int
    pooling: int
    supplementary: int


_NO_FUND = _Fund(0, 0, _ZERO_RATIO, _ZERO_RATIO, 0, 0, 0)


def _fund(
    bill: Bill,
    institution: InstitutionFacts,
    retired: bool,
    benefits: BenefitPolicy,
    reduction: Decimal,
    in_scope: int,
    year: YearToDate,
    shared: SharedCap | None,
) -> _Fund:
    """What the fund pays of the in-scope amount: deductible, ratio, the caps left this year,
    and the supplementary insurance above the pooling cap."""
    tier = benefits.tier(bill.visit_type, institution.level, retired)
    if tier is None:
        raise RuleViolation(
            "benefit-policy",
            _("the insured place's policy has no {value} benefit for a {value2} institution ({value3})").format(
                value=bill.visit_type.value, value2=institution.level.value, value3="retired" if retired else "working"
            ),
        )
    deductible, base_ratio, annual_cap = tier.deductible, tier.ratio, tier.annual_cap
    used = 0 if tier.per_admission else year.deductible_used
    deductible_applied = min(in_scope, max(0, deductible - used))
    eligible = in_scope - deductible_applied
    ratio = max(_ZERO_RATIO, base_ratio - reduction)
    uncapped = times(eligible, ratio)
    cap_left = max(0, annual_cap - year.fund_paid)
    if shared is not None:
        cap_left = min(cap_left, max(0, shared.annual_cap - year.fund_paid - year.shared_fund_paid))
    pooling = min(uncapped, cap_left)
    supplementary = 0
    if pooling < uncapped and benefits.supplementary is not None:
        numerator, denominator = _fraction(ratio)
        covered = min(eligible, -(-cap_left * denominator // numerator))  # ceil: the base the cap pays for
        supplementary_left = max(0, benefits.supplementary.annual_cap - year.supplementary_paid)
        supplementary = min(times(eligible - covered, benefits.supplementary.ratio), supplementary_left)
    return _Fund(deductible, deductible_applied, base_ratio, ratio, annual_cap, pooling, supplementary)


def _account_and_aid(account_payable: int, balance: Fen | None, family: FamilyAid | None) -> tuple[int, int]:
    """The person's own account pays first, then a linked holder's (``add_family_member``)."""
    account = min(balance, account_payable) if balance is not None else 0
    aid = min(family.balance, account_payable - account) if family is not None else 0
    return account, aid


def settle(
    bill: Bill,
    catalogue: Mapping[str, CatalogueItem],
    institution: InstitutionFacts,
    insured_region: str,
    retired: bool,
    benefits: BenefitPolicy,
    filing: FilingFacts | None,
    year: YearToDate,
    balance: Fen | None,
    policy_source: str = "",
    family: FamilyAid | None = None,
) -> SettlementResult:
    """Settle a checked bill. ``year`` is what the person's year already used for this visit
    type; ``balance`` the individual account's (None: no account, or not activated); ``family``
    a holder whose account pays what the person's own does not (the parts the person's own
    policy lets an account pay)."""
    lines = tuple([split_line(line, catalogue.get(line.code)) for line in bill.lines])
    parts = _parts(lines)
    management, category = manage(bill, institution, insured_region, filing, benefits)
    refused = management in FUND_REFUSED
    shared = None if refused else benefits.shared_cap(bill.visit_type)
    fund = _NO_FUND
    if not refused:
        reduction = ratio_reduction(management, category, benefits)
        fund = _fund(bill, institution, retired, benefits, reduction, parts.in_scope, year, shared)
    account = aid = 0
    if not refused:
        payable = {
            AccountPayable.FULLY_SELF_PAID: parts.fully_self_paid,
            AccountPayable.OVER_LIMIT: parts.over_limit,
            AccountPayable.FIRST_SELF_PAID: parts.first_self_paid,
            AccountPayable.IN_SCOPE: parts.in_scope - fund.pooling - fund.supplementary,
        }
        account, aid = _account_and_aid(sum(payable[part] for part in benefits.account_payable), balance, family)
    labels = _Labels(
        management,
        category,
        benefits.supplementary.kind if benefits.supplementary else None,
        policy_source,
        family.holder if family is not None and aid else None,
        shared,
    )
    return _result(lines, parts, fund, account, aid, balance, year, labels)


class _Labels(NamedTuple):
    """How a settlement was managed and which policy and caps it used."""

    management: Management
    filing_category: FilingCategory | None
    supplementary_kind: SupplementaryKind | None
    policy_source: str
    mutual_aid_holder: str | None
    shared: SharedCap | None


class _Parts(NamedTuple):
    """A bill's lines summed: the parts the catalogue splits each line into."""

    fully_self_paid: int
    over_limit: int
    first_self_paid: int
    in_scope: int


def _parts(lines: tuple[LineSplit, ...]) -> _Parts:
    fully = over = first = in_scope = 0
    for split in lines:
        fully += split.fully_self_paid
        over += split.over_limit
        first += split.first_self_paid
        in_scope += split.in_scope
    return _Parts(fully, over, first, in_scope)


def _result(
    lines: tuple[LineSplit, ...],
    parts: _Parts,
    fund: _Fund,
    account: int,
    aid: int,
    balance: Fen | None,
    year: YearToDate,
    labels: _Labels,
) -> SettlementResult:
    total = sum(parts)
    fund_total = fund.pooling + fund.supplementary
    personal = total - fund_total
    return SettlementResult(
        lines=lines,
        management=labels.management,
        filing_category=labels.filing_category,
        total=Fen(total),
        fully_self_paid=Fen(parts.fully_self_paid),
        over_limit=Fen(parts.over_limit),
        first_self_paid=Fen(parts.first_self_paid),
        in_scope=Fen(parts.in_scope),
        deductible=Fen(fund.deductible),
        deductible_applied=Fen(fund.deductible_applied),
        base_ratio=fund.base_ratio,
        ratio=fund.ratio,
        annual_cap=Fen(fund.annual_cap),
        pooling_fund=Fen(fund.pooling),
        supplementary_kind=labels.supplementary_kind,
        supplementary=Fen(fund.supplementary),
        fund_total=Fen(fund_total),
        personal=Fen(personal),
        account=Fen(account + aid),
        cash=Fen(personal - account - aid),
        balance_after=Fen((balance or 0) - account),
        year_after=YearToDate(
            Fen(year.deductible_used + fund.deductible_applied),
            Fen(year.fund_paid + fund.pooling),
            Fen(year.supplementary_paid + fund.supplementary),
        ),  # the visit type's own accumulators: what other visit types paid is read again each time
        policy_source=labels.policy_source,
        mutual_aid=Fen(aid),
        mutual_aid_holder=labels.mutual_aid_holder,
        shared_cap=labels.shared.annual_cap if labels.shared is not None else None,
        cap_group=labels.shared.name if labels.shared is not None else None,
    )


def check_visit_dates(bill: Bill, birth_date: dt.date, today: dt.date) -> None:
    """A visit is settled once it has ended, and only within the person's life."""
    if bill.service_date > today:
        raise RuleViolation(
            "no-future-visit",
            _("the visit of bill {bill_number} ends {service_date}, after {today}").format(
                bill_number=bill.bill_number, service_date=bill.service_date, today=today
            ),
        )
    first_day = bill.admitted_on or bill.service_date
    if first_day < birth_date:
        raise RuleViolation(
            "visit-in-lifetime",
            _("the visit of bill {bill_number} starts {first_day}, before the person was born").format(
                bill_number=bill.bill_number, first_day=first_day
            ),
        )


def family_aid(link: FamilyLink | None, holder_balance: Fen | None, service_date: dt.date) -> FamilyAid | None:
    """The holder's account that pays for a linked member: one with an activated account, for a
    visit on or after the day the member was linked."""
    if link is not None and holder_balance is not None and service_date >= link.added_on:
        return FamilyAid(link.holder, holder_balance)
    return None
