"""The floor: the least Python can do for the same bills. It reads the same JSON Lines, does the
same integer arithmetic (catalogue split, deductible, ratio, annual cap, account) on plain ints
with every lookup prepared beforehand, and writes the same rows with ``sqlite3.executemany`` in
chunks of 500: no validation, no plugins, no objects. shebao's throughput is reported against it.
"""

import json
import sqlite3
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from shebao.store.database import CACHE_KIB, WAL_CHECKPOINT_PAGES
from shebao_cli.bench.bills import SETTLED_ON

CHUNK = 500
_SETTLEMENT_COLUMNS = 50  # with diagnosis, admission number, mutual aid, its holder, the shared cap and its group


def _fraction(text: str) -> tuple[int, int]:
    whole, _, part = text.partition(".")
    return int(whole + part), 10 ** len(part)


def _half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def prepare(db_path: Path) -> dict[str, Any]:
    """Every lookup the loop needs, read through shebao before the clock starts."""
    import datetime as dt

    from shebao import plugins
    from shebao.model.person import Scheme
    from shebao.model.settlement import VisitType
    from shebao.store.database import connect
    from shebao.store.unit_of_work import SqliteUnitOfWork

    db = connect(db_path)
    uow = SqliteUnitOfWork(db, "floor", dt.datetime(2026, 12, 31, 12))
    items = plugins.catalogue(plugins.region("310100"), 2026)
    catalogue = {
        code: (item.category.value, *item.first_self_pay_share.as_integer_ratio(), item.price_limit)
        for code, item in items.items()
    }
    institutions = {i.code: (i.name, i.region, i.level, i.designated and i.networked) for i in uow.institutions.all()}
    persons: dict[str, tuple[str, str, str, bool, int | None]] = {}
    tiers: dict[tuple[str, str, str, str, bool], tuple[int, int, int, int]] = {}
    levels = sorted({level for _, _, level, _ in institutions.values()}, key=lambda level: level.value)
    for (number, name, region, scheme, status), balance in zip(
        db.execute("SELECT citizen_id, name, insured_region, scheme, status FROM persons ORDER BY citizen_id").fetchall(),
        db.execute(
            "SELECT a.balance FROM persons p LEFT JOIN accounts a ON a.citizen_id = p.citizen_id ORDER BY p.citizen_id"
        ).fetchall(),
        strict=True,
    ):
        persons[number] = (name, region, scheme, status == "retired", balance[0])
        if (region, scheme, VisitType.INPATIENT.value, levels[0].value, False) in tiers:
            continue
        policy = plugins.policy(plugins.region(region), Scheme(scheme), 2026)
        for visit in VisitType:
            for level in levels:
                for retired in (False, True):
                    tier = policy.benefits.tier(visit, level, retired)
                    deductible, ratio, cap = (tier.deductible, tier.ratio, tier.annual_cap) if tier else (0, 0, 0)
                    tiers[(region, scheme, visit.value, level.value, retired)] = (
                        deductible, *Decimal(ratio).as_integer_ratio(), cap,
                    )  # fmt: skip
    db.close()
    return {
        "catalogue": catalogue,
        "institutions": {code: (name, region, level.value, ok) for code, (name, region, level, ok) in institutions.items()},
        "persons": persons,
        "tiers": tiers,
    }


def run_floor(db_path: Path, bills_path: Path, lookups: dict[str, Any], progress: Callable[[int], None] | None = None) -> int:
    """Settle every bill of the file the floor's way; return how many."""
    catalogue, institutions, persons, tiers = (lookups[k] for k in ("catalogue", "institutions", "persons", "tiers"))
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")  # the same PRAGMAs as shebao's connections
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
    next_id = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM settlements").fetchone()[0]
    years: dict[tuple[str, str], list[int]] = {}
    balances = {number: p[4] for number, p in persons.items()}
    settled_on = SETTLED_ON.isoformat()
    rows: list[tuple[object, ...]] = []
    line_rows: list[tuple[object, ...]] = []
    entries: list[tuple[object, ...]] = []
    count = 0

    def flush() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(f"INSERT INTO settlements VALUES ({', '.join('?' * _SETTLEMENT_COLUMNS)})", rows)
        conn.executemany("INSERT INTO settlement_lines VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", line_rows)
        conn.executemany(
            "INSERT INTO benefit_years VALUES (?, ?, ?, ?, ?) ON CONFLICT (citizen_id, year, visit_type) DO UPDATE SET"
            " deductible_used = excluded.deductible_used, fund_paid = excluded.fund_paid",
            [(r[2], 2026, r[9], r[37], r[38]) for r in rows],
        )
        conn.executemany(
            "INSERT INTO account_entries (citizen_id, booked_on, kind, amount, reference) VALUES (?, ?, ?, ?, ?)", entries
        )
        conn.executemany("UPDATE accounts SET balance = balance + ? WHERE citizen_id = ?", [(e[3], e[0]) for e in entries])
        conn.execute("COMMIT")
        rows.clear()
        line_rows.clear()
        entries.clear()

    with bills_path.open("rb") as stream:
        for raw in stream:
            b = json.loads(raw)
            number = b["citizen_id"]
            name, insured, scheme, retired, _ = persons[number]
            inst_name, region, level, designated = institutions[b["institution_code"]]
            fully = over = first = scope = 0
            sid = next_id
            for line_no, line in enumerate(b["lines"], 1):
                p_num, p_den = _fraction(line["unit_price"])
                q_num, q_den = _fraction(line["quantity"])
                amount = _half_up(p_num * q_num * 100, p_den * q_den)
                item = catalogue.get(line["code"])
                f = o = s = 0
                if item is None or item[0] == "C":
                    f = amount
                else:
                    if item[3] is not None:
                        o = max(0, amount - _half_up(item[3] * q_num, q_den))
                    rest = amount - o
                    s = _half_up(rest * item[1], item[2]) if item[0] == "B" else 0
                cat = item[0] if item else None
                line_rows.append(
                    (sid, line_no, line["code"], line["name"], line["unit_price"], line["quantity"], cat, amount, f, o, s,
                     amount - f - o - s)
                )  # fmt: skip
                fully += f
                over += o
                first += s
                scope += amount - f - o - s
            total = fully + over + first + scope
            visit = b["visit_type"]
            year = years.setdefault((number, visit), [0, 0])
            deductible, r_num, r_den, cap = tiers.get((insured, scheme, visit, level, retired), (0, 0, 1, 0))
            if not designated:
                r_num = 0
            applied = min(scope, max(0, deductible - year[0]))
            pooling = min(_half_up((scope - applied) * r_num, r_den), max(0, cap - year[1]))
            year[0] += applied
            year[1] += pooling
            personal = total - pooling
            balance = balances[number]
            account = min(balance, fully + over + first + scope - pooling) if balance is not None else 0
            if balance is not None:
                balances[number] = balance - account
            if account:
                entries.append((number, settled_on, "settlement-debit", -account, f"settlement:{sid}"))
            day = b.get("discharged_on") or b["treated_on"]
            rows.append(
                (sid, b["bill_number"], number, name, scheme, b["institution_code"], inst_name, insured, region, visit,
                 b.get("disease"), int(b["emergency"]), b["certificate"], b.get("admitted_on"), b.get("discharged_on"),
                 b.get("treated_on"), day, "filed", None, total, fully, over, first, scope, deductible, applied,
                 str(r_num), str(r_den), cap, pooling, None, 0, pooling, personal, account, personal - account,
                 (balance or 0) - account, year[0], year[1], 0, "floor", settled_on, "floor", None,
                 b.get("diagnosis"), b.get("admission_number"), 0, None, None, None)
            )  # fmt: skip
            next_id += 1
            count += 1
            if len(rows) >= CHUNK:
                flush()
                if progress:
                    progress(count)
    if rows:
        flush()
    conn.close()
    return count
