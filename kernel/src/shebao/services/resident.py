"""The resident scheme's yearly premium, collected by the tax bureau: recorded at a counter
from the bureau's receipt, or imported from the bureau's list of payers."""

import csv
import datetime as dt
import io

import attrs

from shebao.errors import InputError, RuleViolation, ShebaoError
from shebao.i18n import _, ngettext
from shebao.ids import CitizenId
from shebao.model.register import PremiumSource, ResidentPremium
from shebao.money import Fen, parse_yuan
from shebao.rules.contribution import check_resident_premium
from shebao.services.people import get_person
from shebao.store.ports import UnitOfWork

# the tax bureau's list: one payer a row, these columns, UTF-8 (with or without BOM) or GB18030
BUREAU_LIST_COLUMNS = ("证件号码", "姓名", "缴费年度", "缴费金额", "完税凭证号", "缴费日期")


@attrs.frozen
class ResidentImport:
    recorded: list[ResidentPremium]
    already: int  # rows recorded before (same receipt): nothing changed
    problems: list[str]  # rows not applied, each with its line number and why


def record_resident_premium(
    uow: UnitOfWork,
    citizen_id: str,
    year: int,
    amount: Fen,
    receipt: str,
    today: dt.date,
    paid_on: dt.date | None = None,
    source: PremiumSource = PremiumSource.COUNTER,
) -> tuple[ResidentPremium, bool]:
    """Record a resident's premium for an insurance year; the same receipt again changes
    nothing (returns False)."""
    with uow:
        premium, new = _record(uow, citizen_id, year, amount, receipt, paid_on or today, today, source)
        uow.commit()
    return premium, new


def _record(
    uow: UnitOfWork,
    citizen_id: str,
    year: int,
    amount: Fen,
    receipt: str,
    paid_on: dt.date,
    today: dt.date,
    source: PremiumSource,
) -> tuple[ResidentPremium, bool]:
    receipt = receipt.strip()
    if not receipt:
        raise InputError(_("a resident premium needs the tax bureau's --receipt"))
    if amount <= 0:
        raise InputError(_("the premium must be more than zero"))
    if paid_on > today:
        raise InputError(_("payment date {paid_on} is after today ({today})").format(paid_on=paid_on, today=today))
    person = get_person(uow, citizen_id)
    number = person.citizen_id.number
    check_resident_premium(person, year, today)
    existing = uow.resident_premiums.get(number, year)
    if existing is not None:
        if existing.receipt == receipt and existing.amount == amount:
            return existing, False
        raise RuleViolation(
            "pay-once-per-year",
            _("the premium of {year} is already recorded (receipt {receipt})").format(year=year, receipt=existing.receipt),
        )
    premium = ResidentPremium(number, year, amount, receipt, paid_on, source)
    uow.resident_premiums.add(premium)
    uow.audit.record(
        "contribution.resident", number, year=year, amount=amount, receipt=receipt, paid_on=paid_on, source=source.value
    )
    return premium, True


def import_bureau_list(uow: UnitOfWork, content: bytes, source_name: str, today: dt.date) -> ResidentImport:
    """Apply the tax bureau's list in one transaction: each row recorded once; rows naming an
    unknown person, a non-resident or a year already paid with another receipt are reported and
    not applied. A malformed file is refused whole."""
    rows = parse_bureau_list(content, source_name)
    recorded: list[ResidentPremium] = []
    already, problems = 0, []
    with uow:
        for line, row in rows:
            try:
                premium, new = _record(
                    uow, row.citizen_id, row.year, row.amount, row.receipt, row.paid_on, today, PremiumSource.TAX_BUREAU_LIST
                )
            except ShebaoError as error:
                problems.append(_("line {line}: {error}").format(line=line, error=error))
                continue
            if new:
                recorded.append(premium)
            else:
                already += 1
        uow.audit.record(
            "contribution.resident-import", source_name, recorded=len(recorded), already=already, problems=len(problems)
        )
        uow.commit()
    return ResidentImport(recorded, already, problems)


@attrs.frozen
class BureauRow:
    citizen_id: str
    year: int
    amount: Fen
    receipt: str
    paid_on: dt.date


def parse_bureau_list(content: bytes, source_name: str) -> list[tuple[int, BureauRow]]:
    """The rows of the bureau's CSV with their line numbers; ``InputError`` for a malformed file."""
    text = _decode(content, source_name)
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(cell.strip() for cell in header) != BUREAU_LIST_COLUMNS:
        raise InputError(
            _("{source_name}: the header must be {BUREAU_LIST_COLUMNS}").format(
                source_name=source_name, BUREAU_LIST_COLUMNS=",".join(BUREAU_LIST_COLUMNS)
            )
        )
    rows = []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(BUREAU_LIST_COLUMNS):
            raise InputError(
                ngettext(
                    "{source_name} line {line}: {count} column, expected {count2}",
                    "{source_name} line {line}: {count} columns, expected {count2}",
                    len(cells),
                ).format(source_name=source_name, line=line, count=len(cells), count2=len(BUREAU_LIST_COLUMNS))
            )
        number, _name, year, amount, receipt, paid_on = (cell.strip() for cell in cells)
        try:
            row = BureauRow(CitizenId(number).number, int(year), parse_yuan(amount), receipt, dt.date.fromisoformat(paid_on))
        except ValueError as error:
            raise InputError(
                _("{source_name} line {line}: {error}").format(source_name=source_name, line=line, error=error)
            ) from None
        rows.append((line, row))
    if not rows:
        raise InputError(_("{source_name}: the list has no payers").format(source_name=source_name))
    return rows


def _decode(content: bytes, source_name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(_("{source_name}: neither UTF-8 nor GB18030 text").format(source_name=source_name))
