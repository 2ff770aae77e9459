"""The audit log's hash chain: each row's hash covers its content and the previous row's hash.

A row rewritten in place (``REPLACE INTO audit`` slips past the append-only triggers) no longer
matches its hash; a row removed leaves the next row pointing to a hash that is not its
predecessor's. ``verify`` walks the chain and names both. Without a key, someone who rewrites
every later row with fresh hashes, or cuts the newest rows, is caught only against a head hash
kept elsewhere: ``shebao check`` prints the head for that purpose.
"""

import hashlib
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from shebao.store.engine import Database
from shebao.store.table import Table

AUDIT = Table(
    "audit",
    ("id", "at", "business_date", "operator", "operator_source", "action", "subject", "detail", "prev_hash", "hash"),
    key="id",  # numbered by the writer, which holds the chain's head
)


def row_hash(
    previous: str,
    row_id: int,
    at: str,
    business_date: str | None,
    operator: str,
    operator_source: str,
    action: str,
    subject: str,
    detail: str,
) -> str:
    # each field prefixed by its length: unambiguous, and three times faster than JSON
    content = (previous, str(row_id), at, business_date or "", operator, operator_source, action, subject, detail)
    return hashlib.sha256("".join(f"{len(field)}:{field}" for field in content).encode("utf-8")).hexdigest()


def hash_of(previous: str, row: Mapping[str, Any]) -> str:
    """``row_hash`` of an audit row given by column name."""
    return row_hash(
        previous,
        row["id"],
        row["at"],
        row["business_date"],
        row["operator"],
        row["operator_source"],
        row["action"],
        row["subject"],
        row["detail"],
    )


@attrs.frozen
class ChainBreak:
    row_id: int
    problem: str


def verify(db: Database) -> list[ChainBreak]:
    """Every break of the chain, oldest first."""
    breaks: list[ChainBreak] = []
    previous, last_id = "", 0
    for row in _rows(db):
        row_id, stored_previous, stored_hash = row["id"], row["prev_hash"], row["hash"]
        if stored_previous != previous:
            gap = f" (rows {last_id + 1} to {row_id - 1} are missing)" if row_id > last_id + 1 else ""
            breaks.append(ChainBreak(row_id, f"does not follow row {last_id}: a row before it was removed or rewritten{gap}"))
        if hash_of(stored_previous, row) != stored_hash:
            breaks.append(ChainBreak(row_id, "content does not match its hash: the row was rewritten"))
        previous, last_id = stored_hash, row_id
    return breaks


def _rows(db: Database) -> Iterator[dict[str, Any]]:
    cursor = db.execute(f"{AUDIT.select} ORDER BY id")
    while batch := cursor.fetchmany(10_000):
        yield from (AUDIT.named(row) for row in batch)
