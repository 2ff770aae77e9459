"""SQLite repository of settlements, their lines and the year-to-date benefit use.

Rows map to the frozen values of ``shebao.model.settlement``; batches write with
``executemany`` inside the caller's transaction.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from shebao.ids import CitizenId
from shebao.model.catalogue import Category
from shebao.model.filing import FilingCategory
from shebao.model.members import by_value, by_value_or_none
from shebao.model.person import Scheme
from shebao.model.settlement import (
    Bill,
    BillLine,
    Certificate,
    ChronicDisease,
    FundTotals,
    LineSplit,
    Management,
    Quantity,
    Reconciliation,
    Settlement,
    SettlementResult,
    SupplementaryKind,
    VisitType,
    YearToDate,
    Yuan,
)
from shebao.money import Fen
from shebao.store.engine import Database
from shebao.store.rows import read_one, readable
from shebao.store.sql import in_groups, marks, where
from shebao.store.table import Table

_Lines = tuple[tuple[BillLine, ...], tuple[LineSplit, ...]]  # a settlement's bill lines, and their splits

SETTLEMENTS = Table(
    "settlements",
    (
        "id", "bill_number", "citizen_id", "person_name", "scheme", "institution_code", "institution_name",
        "insured_region", "treatment_region", "visit_type", "disease", "emergency", "certificate", "admitted_on",
        "discharged_on", "treated_on", "service_date", "management", "filing_category", "total", "fully_self_paid",
        "over_limit", "first_self_paid", "in_scope", "deductible", "deductible_applied", "base_ratio", "ratio",
        "annual_cap", "pooling_fund", "supplementary_kind", "supplementary", "fund_total", "personal", "account", "cash",
        "balance_after", "year_deductible_used", "year_fund_paid", "year_supplementary_paid", "policy_source",
        "settled_on", "operator", "reversed_on", "diagnosis", "admission_number", "mutual_aid", "mutual_aid_holder",
        "shared_cap", "cap_group",
    ),
    key="id",
)  # fmt: skip
SETTLEMENT_LINES = Table(
    "settlement_lines",
    ("settlement_id", "line_no", "code", "name", "unit_price", "quantity", "category", "amount", "fully_self_paid",
     "over_limit", "first_self_paid", "in_scope"),
    key=("settlement_id", "line_no"),
)  # fmt: skip
BENEFIT_YEARS = Table(
    "benefit_years",
    ("citizen_id", "year", "visit_type", "deductible_used", "fund_paid"),
    key=("citizen_id", "year", "visit_type"),
)
SUPPLEMENTARY_YEARS = Table("supplementary_years", ("citizen_id", "year", "supplementary_paid"), key=("citizen_id", "year"))
_ID = SETTLEMENTS.read.index("id")  # where a selected row holds its key
_UPSERT_YEAR = BENEFIT_YEARS.upsert()
_UPSERT_SUPPLEMENTARY = SUPPLEMENTARY_YEARS.upsert()


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def settlement_row(s: Settlement) -> tuple[object, ...]:
    """The settlement's row by column name, as ``SETTLEMENTS.insert`` takes it."""
    b, r = s.bill, s.result
    return SETTLEMENTS.values(
        {
            "id": s.id, "bill_number": b.bill_number, "citizen_id": b.citizen_id.number, "person_name": s.person_name,
            "scheme": s.scheme.value, "institution_code": b.institution_code, "institution_name": s.institution_name,
            "insured_region": s.insured_region, "treatment_region": s.treatment_region, "visit_type": b.visit_type.value,
            "disease": b.disease.value if b.disease else None, "emergency": int(b.emergency),
            "certificate": b.certificate.value, "admitted_on": _iso(b.admitted_on), "discharged_on": _iso(b.discharged_on),
            "treated_on": _iso(b.treated_on), "service_date": b.service_date.isoformat(),
            "management": r.management.value, "filing_category": r.filing_category.value if r.filing_category else None,
            "total": r.total, "fully_self_paid": r.fully_self_paid, "over_limit": r.over_limit,
            "first_self_paid": r.first_self_paid, "in_scope": r.in_scope, "deductible": r.deductible,
            "deductible_applied": r.deductible_applied, "base_ratio": str(r.base_ratio), "ratio": str(r.ratio),
            "annual_cap": r.annual_cap, "pooling_fund": r.pooling_fund,
            "supplementary_kind": r.supplementary_kind.value if r.supplementary_kind else None,
            "supplementary": r.supplementary, "fund_total": r.fund_total, "personal": r.personal, "account": r.account,
            "cash": r.cash, "balance_after": r.balance_after, "year_deductible_used": r.year_after.deductible_used,
            "year_fund_paid": r.year_after.fund_paid, "year_supplementary_paid": r.year_after.supplementary_paid,
            "policy_source": r.policy_source, "settled_on": s.settled_on.isoformat(), "operator": s.operator,
            "reversed_on": _iso(s.reversed_on), "diagnosis": b.diagnosis, "admission_number": b.admission_number,
            "mutual_aid": r.mutual_aid, "mutual_aid_holder": r.mutual_aid_holder, "shared_cap": r.shared_cap,
            "cap_group": r.cap_group,
        }
    )  # fmt: skip


_CATEGORY_VALUES: dict[Category | None, str | None] = {None: None, **{c: c.value for c in Category}}


# what a person's settlements are read with (hundreds of values each query)
_CATEGORIES = by_value_or_none(Category)
_DISEASES = by_value_or_none(ChronicDisease)
_FILING_CATEGORIES = by_value_or_none(FilingCategory)
_SUPPLEMENTARY_KINDS = by_value_or_none(SupplementaryKind)
_VISITS = by_value(VisitType)
_CERTIFICATES = by_value(Certificate)
_MANAGEMENTS = by_value(Management)
_SCHEMES = by_value(Scheme)


def line_rows(s: Settlement) -> Iterable[tuple[object, ...]]:
    settlement_id = s.id
    for number, line in enumerate(s.result.lines, start=1):
        yield SETTLEMENT_LINES.values(
            {
                "settlement_id": settlement_id, "line_no": number, "code": line.code, "name": line.name,
                "unit_price": str(line.unit_price), "quantity": str(line.quantity),
                "category": _CATEGORY_VALUES[line.category], "amount": line.amount,
                "fully_self_paid": line.fully_self_paid, "over_limit": line.over_limit,
                "first_self_paid": line.first_self_paid, "in_scope": line.in_scope,
            }
        )  # fmt: skip


def year_row(s: Settlement) -> tuple[object, ...]:
    y = s.result.year_after
    return BENEFIT_YEARS.values(
        {"citizen_id": s.bill.citizen_id.number, "year": s.year, "visit_type": s.bill.visit_type.value,
         "deductible_used": y.deductible_used, "fund_paid": y.fund_paid}
    )  # fmt: skip


def supplementary_row(s: Settlement) -> tuple[object, ...]:
    return SUPPLEMENTARY_YEARS.values(
        {"citizen_id": s.bill.citizen_id.number, "year": s.year, "supplementary_paid": s.result.year_after.supplementary_paid}
    )


class SqliteSettlements:
    def __init__(self, db: Database) -> None:
        self._db = db

    def next_id(self) -> int:
        """The id the next settlement would be given, taking none: a pre-settlement's, or a
        batch chunk's computed before its transaction (which ``new_ids`` then confirms)."""
        return self.new_ids(1)[0]

    def new_ids(self, count: int) -> list[int]:
        """Ids for ``count`` new settlements (the writer holds the lock: nobody takes them meanwhile)."""
        row = self._db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM settlements").fetchone()
        return list(range(int(row[0]), int(row[0]) + count))

    def add_many(self, settlements: Sequence[Settlement]) -> None:
        """Insert settlements with their lines and move each person's year: one executemany each."""
        conn = self._db.conn
        conn.executemany(SETTLEMENTS.insert, [settlement_row(s) for s in settlements])
        conn.executemany(SETTLEMENT_LINES.insert, [row for s in settlements for row in line_rows(s)])
        conn.executemany(_UPSERT_YEAR, [year_row(s) for s in settlements])
        # a bill without supplementary leaves the person's year where it stands
        conn.executemany(_UPSERT_SUPPLEMENTARY, [supplementary_row(s) for s in settlements if s.result.supplementary])

    def add(self, settlement: Settlement) -> None:
        self.add_many([settlement])

    def get(self, settlement_id: int) -> Settlement | None:
        row = self._db.execute(f"{SETTLEMENTS.select} WHERE id = ?", [settlement_id]).fetchone()
        return read_one("settlements", row, self._settlement) if row else None

    def live_bill(self, institution_code: str, bill_number: str) -> int | None:
        """The id of the settlement of this bill that is not reversed, if any."""
        row = self._db.execute(
            "SELECT id FROM settlements WHERE institution_code = ? AND bill_number = ? AND reversed_on IS NULL",
            [institution_code, bill_number],
        ).fetchone()
        return int(row[0]) if row else None

    def live_bills(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of these (institution code, bill number) have a settlement not reversed."""
        found: set[tuple[str, str]] = set()
        for group in in_groups(keys):
            # a join (not a row-value IN, which SQLite answers by scanning the index) seeks each key
            rows = self._db.execute(
                f"SELECT s.institution_code, s.bill_number FROM (VALUES {', '.join(['(?, ?)'] * len(group))}) AS k"
                " JOIN settlements s ON s.institution_code = k.column1 AND s.bill_number = k.column2"
                " WHERE s.reversed_on IS NULL",
                [part for key in group for part in key],
            ).fetchall()
            found.update(rows)
        return found

    def years_to_date(self, keys: Iterable[tuple[str, int, VisitType]]) -> dict[tuple[str, int, VisitType], YearToDate]:
        """``year_to_date`` of each (person, year, visit type): two queries per group of keys."""
        found: dict[tuple[str, int, VisitType], YearToDate] = {}
        for group in in_groups(keys):
            numbers = sorted({key[0] for key in group})
            used: dict[tuple[str, int, str], tuple[int, int]] = {}
            supplementary: dict[tuple[str, int], int] = {}
            # one round trip for both tables: a supplementary row is the one without a visit type
            for number, year, visit, first, second in self._db.execute(
                "SELECT citizen_id, year, visit_type, deductible_used, fund_paid FROM benefit_years"
                f" WHERE citizen_id IN ({marks(len(numbers))}) UNION ALL"
                " SELECT citizen_id, year, NULL, supplementary_paid, 0 FROM supplementary_years"
                f" WHERE citizen_id IN ({marks(len(numbers))})",
                [*numbers, *numbers],
            ).fetchall():
                if visit is None:
                    supplementary[number, year] = first
                else:
                    used[number, year, visit] = (first, second)
            for number, year, visit in group:
                deductible, fund = used.get((number, year, visit.value), (0, 0))
                found[number, year, visit] = YearToDate(Fen(deductible), Fen(fund), Fen(supplementary.get((number, year), 0)))
        return found

    def search(
        self,
        citizen_id: str | None = None,
        institution_code: str | None = None,
        first: dt.date | None = None,
        last: dt.date | None = None,
        limit: int = 100,
        lines: bool = True,
    ) -> list[Settlement]:
        """Settlements in order of service date; ``lines=False`` leaves every bill's and result's
        lines empty, for a listing that shows none (most of a settlement's bytes are its lines)."""
        filters, params = where(
            ("citizen_id = ?", citizen_id),
            ("institution_code = ?", institution_code),
            ("service_date >= ?", _iso(first)),
            ("service_date <= ?", _iso(last)),
        )
        sql = f"{SETTLEMENTS.select}{filters} ORDER BY service_date, id LIMIT ?"
        rows = self._db.execute(sql, [*params, limit]).fetchall()
        found = self._lines_of([row[_ID] for row in rows]) if lines else {}  # one query for every row's lines
        return list(readable("settlements", rows, lambda row: self._settlement(row, found.get(row[_ID], ((), ())))))

    def mark_reversed(self, settlement_id: int, reversed_on: dt.date) -> None:
        self._db.execute("UPDATE settlements SET reversed_on = ? WHERE id = ?", [reversed_on.isoformat(), settlement_id])

    def year_to_date(self, citizen_id: str, year: int, visit_type: VisitType) -> YearToDate:
        """The visit type's deductible and fund use, and the supplementary use of the whole year."""
        row = self._db.execute(
            "SELECT b.deductible_used, b.fund_paid, (SELECT supplementary_paid FROM supplementary_years"
            " WHERE citizen_id = ? AND year = ?) FROM (SELECT 1) AS one"
            " LEFT JOIN benefit_years b ON b.citizen_id = ? AND b.year = ? AND b.visit_type = ?",
            [citizen_id, year, citizen_id, year, visit_type.value],
        ).fetchone()
        return YearToDate(Fen(row[0] or 0), Fen(row[1] or 0), Fen(row[2] or 0))

    def set_year_to_date(self, citizen_id: str, year: int, visit_type: VisitType, used: YearToDate) -> None:
        self._db.execute(_UPSERT_YEAR, [citizen_id, year, visit_type.value, used.deductible_used, used.fund_paid])
        self._db.execute(_UPSERT_SUPPLEMENTARY, [citizen_id, year, used.supplementary_paid])

    def reconcile(self, institution_code: str, first: dt.date, last: dt.date) -> Reconciliation:
        """Settled (by settlement date) and reversed (by reversal date) in the period, per scheme."""
        sums = (
            "COUNT(*), COALESCE(SUM(total), 0), COALESCE(SUM(pooling_fund), 0),"
            " COALESCE(SUM(CASE WHEN supplementary_kind = 'large-amount' THEN supplementary END), 0),"
            " COALESCE(SUM(CASE WHEN supplementary_kind = 'critical-illness' THEN supplementary END), 0),"
            " COALESCE(SUM(fund_total), 0), COALESCE(SUM(account), 0), COALESCE(SUM(cash), 0)"
        )
        found: dict[Scheme, list[FundTotals]] = {}
        for slot, column in enumerate(("settled_on", "reversed_on")):
            rows = self._db.execute(
                f"SELECT scheme, {sums} FROM settlements WHERE institution_code = ? AND {column} BETWEEN ? AND ? GROUP BY scheme",
                [institution_code, first.isoformat(), last.isoformat()],
            ).fetchall()
            for row in rows:
                pair = found.setdefault(Scheme(row[0]), [FundTotals(), FundTotals()])
                pair[slot] = FundTotals(*(int(value) for value in row[1:]))
        by_scheme = tuple((scheme, pair[0], pair[1]) for scheme, pair in sorted(found.items(), key=lambda kv: kv[0].value))
        return Reconciliation(institution_code, first, last, by_scheme)

    def _lines(self, settlement_id: int) -> _Lines:
        return self._lines_of([settlement_id]).get(settlement_id, ((), ()))

    def _lines_of(self, settlement_ids: list[int]) -> dict[int, _Lines]:
        """Each settlement's bill lines and their splits, built from the same rows."""
        bills: dict[int, list[BillLine]] = {}
        splits: dict[int, list[LineSplit]] = {}
        decimals: dict[str, Decimal] = {}  # prices and quantities repeat from line to line
        for start in range(0, len(settlement_ids), 500):
            part = settlement_ids[start : start + 500]
            rows = self._db.execute(
                f"{SETTLEMENT_LINES.select} WHERE settlement_id IN ({', '.join('?' * len(part))})"
                " ORDER BY settlement_id, line_no",
                part,
            ).fetchall()
            for row in rows:
                r = SETTLEMENT_LINES.named(row)
                sid, code, name, price_text, quantity_text = (
                    r["settlement_id"],
                    r["code"],
                    r["name"],
                    r["unit_price"],
                    r["quantity"],
                )
                price = Yuan(decimals.get(price_text) or decimals.setdefault(price_text, Decimal(price_text)))
                quantity = Quantity(decimals.get(quantity_text) or decimals.setdefault(quantity_text, Decimal(quantity_text)))
                if sid not in bills:
                    bills[sid], splits[sid] = [], []
                bills[sid].append(BillLine(code, name, price, quantity))
                splits[sid].append(
                    LineSplit(code, name, price, quantity, _CATEGORIES[r["category"]], r["amount"], r["fully_self_paid"],
                              r["over_limit"], r["first_self_paid"], r["in_scope"])
                )  # fmt: skip
        return {sid: (tuple(bills[sid]), tuple(splits[sid])) for sid in bills}

    def _settlement(self, values: Any, lines: _Lines | None = None) -> Settlement:
        r = SETTLEMENTS.named(values)  # by name: a column added later shifts nothing
        bill_lines, splits = self._lines(r["id"]) if lines is None else lines
        bill = Bill(
            bill_number=r["bill_number"],
            citizen_id=CitizenId.stored(r["citizen_id"]),
            institution_code=r["institution_code"],
            visit_type=_VISITS[r["visit_type"]],
            lines=bill_lines,
            admitted_on=_date(r["admitted_on"]),
            discharged_on=_date(r["discharged_on"]),
            treated_on=_date(r["treated_on"]),
            disease=_DISEASES[r["disease"]],
            emergency=bool(r["emergency"]),
            certificate=_CERTIFICATES[r["certificate"]],
            diagnosis=r["diagnosis"],
            admission_number=r["admission_number"],
        )
        result = SettlementResult(
            lines=splits,
            management=_MANAGEMENTS[r["management"]],
            filing_category=_FILING_CATEGORIES[r["filing_category"]],
            total=Fen(r["total"]),
            fully_self_paid=Fen(r["fully_self_paid"]),
            over_limit=Fen(r["over_limit"]),
            first_self_paid=Fen(r["first_self_paid"]),
            in_scope=Fen(r["in_scope"]),
            deductible=Fen(r["deductible"]),
            deductible_applied=Fen(r["deductible_applied"]),
            base_ratio=Decimal(r["base_ratio"]),
            ratio=Decimal(r["ratio"]),
            annual_cap=Fen(r["annual_cap"]),
            pooling_fund=Fen(r["pooling_fund"]),
            supplementary_kind=_SUPPLEMENTARY_KINDS[r["supplementary_kind"]],
            supplementary=Fen(r["supplementary"]),
            fund_total=Fen(r["fund_total"]),
            personal=Fen(r["personal"]),
            account=Fen(r["account"]),
            cash=Fen(r["cash"]),
            balance_after=Fen(r["balance_after"]),
            year_after=YearToDate(Fen(r["year_deductible_used"]), Fen(r["year_fund_paid"]), Fen(r["year_supplementary_paid"])),
            policy_source=r["policy_source"],
            mutual_aid=Fen(r["mutual_aid"]),
            mutual_aid_holder=r["mutual_aid_holder"],
            shared_cap=r["shared_cap"],
            cap_group=r["cap_group"],
        )
        return Settlement(
            id=r["id"],
            bill=bill,
            person_name=r["person_name"],
            scheme=_SCHEMES[r["scheme"]],
            insured_region=r["insured_region"],
            treatment_region=r["treatment_region"],
            institution_name=r["institution_name"],
            result=result,
            settled_on=dt.date.fromisoformat(r["settled_on"]),
            operator=r["operator"],
            reversed_on=_date(r["reversed_on"]),
        )
