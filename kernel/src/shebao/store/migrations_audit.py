"""Schema of the audit log's tamper evidence and its two times.

Each row gets the business date (``--today``) beside its wall-clock time, how the operator was
known (given, or the OS user), and a SHA-256 hash chained to the previous row's
(``shebao.store.audit_chain``). Rows written before this migration are chained here, once.
"""

import sqlite_utils
from sqlite_utils.migrations import Migrations

from shebao.store.audit_chain import row_hash
from shebao.store.sql import run_script

audit = Migrations("shebao.audit")

_APPEND_ONLY = """
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


@audit()
def m001_audit_chain(db: sqlite_utils.Database) -> None:
    # rows of earlier versions are chained once: the append-only trigger steps aside meanwhile
    run_script(
        db,
        """
        DROP TRIGGER audit_no_update;
        ALTER TABLE audit ADD COLUMN business_date TEXT;
        ALTER TABLE audit ADD COLUMN operator_source TEXT NOT NULL DEFAULT 'given';
        ALTER TABLE audit ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
        ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';
        UPDATE audit SET business_date = substr(at, 1, 10);
        """,
    )
    previous = ""
    rows = db.execute(
        "SELECT id, at, business_date, operator, operator_source, action, subject, detail FROM audit ORDER BY id"
    ).fetchall()
    for row in rows:
        current = row_hash(previous, *row)
        db.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", [previous, current, row[0]])
        previous = current
    run_script(db, _APPEND_ONLY)
    db.execute("CREATE INDEX audit_business_date ON audit(business_date)")
