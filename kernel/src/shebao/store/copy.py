"""Moving a service centre's SQLite database onto the province's PostgreSQL server.

Every table is copied by column name in one server transaction (``COPY``), in the order SQLite
created the tables (so a row's references exist before it), each table's rows in the order they
were written. The numbering carries on from the copied numbers. Before the commit, every table
is counted and every integer column summed on both sides, and the target is checked; any
difference rolls the copy back whole."""

from collections.abc import Callable

import attrs
import sqlite_utils

from shebao.errors import InputError, RuleViolation
from shebao.store.pg import PgDatabase

_NOT_COPIED = {"shebao_migrations", "day_counters"}  # the target's own
_APPLICATION_PREFIX = len("SQ20260101")
_FILING_PREFIX = len("YD20260101")


@attrs.frozen
class TableCopy:
    table: str
    rows: int
    sums: tuple[tuple[str, int], ...]  # (integer column, its sum), equal on both sides


def copy_sqlite_to_server(
    source: sqlite_utils.Database, target: PgDatabase, verify: Callable[[PgDatabase], list[str]]
) -> list[TableCopy]:
    """Copy ``source`` into the empty ``target``; ``verify`` names problems of the copied target
    (``shebao check``), run before the commit. Returns what was copied, table by table."""
    tables = _tables_in_order(source, target)
    occupied = [t for t in tables if target.execute(f"SELECT EXISTS (SELECT 1 FROM {t})").fetchone()[0]]
    if occupied:
        raise InputError(f"the target database is not empty ({', '.join(occupied[:3])} hold rows): copy into a new database")
    target.execute("BEGIN")
    try:
        copied = [_copy_table(source, target, table) for table in tables]
        _continue_numbering(source, target)
        problems = verify(target)
        if problems:
            raise RuleViolation("copy-verified", f"the copy does not pass the check: {problems[0]}")
        target.execute("COMMIT")
    except BaseException:
        target.execute("ROLLBACK")
        raise
    return copied


def _tables_in_order(source: sqlite_utils.Database, target: PgDatabase) -> list[str]:
    on_server = {row[0] for row in target.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")} - _NOT_COPIED
    in_file = [
        row[0]
        for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid").fetchall()
        if not row[0].startswith(("_sqlite_migrations", "sqlite_"))
    ]
    if set(in_file) != on_server:
        raise InputError(
            f"the two schemas differ (only in the file: {sorted(set(in_file) - on_server)}, only on the server:"
            f" {sorted(on_server - set(in_file))}): open both with this shebao first"
        )
    return in_file


def _columns(target: PgDatabase, table: str) -> list[tuple[str, str]]:
    rows = target.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ?"
        " ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


def _copy_table(source: sqlite_utils.Database, target: PgDatabase, table: str) -> TableCopy:
    columns = _columns(target, table)
    names = ", ".join(name for name, _ in columns)
    has_rowid = (
        "WITHOUT ROWID" not in str(source.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]).upper()
    )
    order = "rowid" if has_rowid else "1, 2"
    cursor = target.pg.cursor()
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in source.execute(f"SELECT {names} FROM {table} ORDER BY {order}"):
            copy.write_row(row)
    integers = [name for name, kind in columns if kind == "bigint"]
    sums = ", ".join(f"COALESCE(SUM({name}), 0)" for name in integers)
    query = f"SELECT COUNT(*){', ' + sums if sums else ''} FROM {table}"
    there = tuple(target.execute(query).fetchone())
    here = tuple(source.execute(query).fetchone())
    if there != here:
        raise RuleViolation("copy-verified", f"table {table}: counts and sums {here} in the file, {there} on the server")
    return TableCopy(table, int(there[0]), tuple(zip(integers, (int(value) for value in there[1:]), strict=True)))


def _continue_numbering(source: sqlite_utils.Database, target: PgDatabase) -> None:
    """Sequences and day counters start after the copied numbers."""
    for table, sequence, column in (
        ("settlements", "settlement_numbers", "id"),
        ("reimbursements", "reimbursement_numbers", "id"),
        ("card_applications", "card_numbers", "card_sequence"),
    ):
        target.execute(f"SELECT setval('{sequence}', GREATEST(MAX({column}), 1), MAX({column}) IS NOT NULL) FROM {table}")
    for (table,) in target.execute(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'id'"
        " AND is_identity = 'YES'"
    ).fetchall():
        target.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table}"
        )
    counters: dict[tuple[str, str], int] = {}

    def count(kind: str, prefix: str, sequence: str) -> None:
        if sequence.isdigit():
            counters[kind, prefix] = max(counters.get((kind, prefix), 0), int(sequence))

    for (number,) in source.execute("SELECT number FROM card_applications").fetchall():
        count("card-application", number[:_APPLICATION_PREFIX], number[_APPLICATION_PREFIX:])
    for (number,) in source.execute("SELECT number FROM notices").fetchall():
        count("notice", number[:-5], number[-5:-1])  # the last digit is the Luhn check
    for (number,) in source.execute("SELECT id FROM filings").fetchall():
        count("filing", number[:_FILING_PREFIX], number[_FILING_PREFIX:])
    target.conn.executemany(
        "INSERT INTO day_counters (kind, day, last) VALUES (?, ?, ?)", [(k, p, last) for (k, p), last in counters.items()]
    )
