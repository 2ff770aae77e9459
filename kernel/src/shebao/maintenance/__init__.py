"""Keeping the database whole: consistent backups and the ledger identity check (what `shebao
backup` and `shebao check` run, on the database itself rather than through a unit of work)."""

from collections.abc import Callable, Iterator
from pathlib import Path

import attrs

from shebao.errors import InputError
from shebao.i18n import _
from shebao.private_files import create_private_file
from shebao.store.engine import Database
from shebao.store.integrity import copy_to, engine_findings, unreadable_persons


@attrs.frozen
class Problem:
    check: str
    subject: str
    detail: str


LedgerCheck = Callable[[Database], Iterator[Problem]]
LEDGER_CHECKS: list[LedgerCheck] = []


def ledger_check(check: LedgerCheck) -> LedgerCheck:
    """Register an identity that must hold between a table and its ledger."""
    LEDGER_CHECKS.append(check)
    return check


def backup(db: Database, target: Path) -> int:
    """Copy the database consistently while others write (SQLite's online backup, or pg_dump).
    Returns the number of pages copied."""
    if target.exists() or target.is_symlink():
        raise InputError(_("backup target {target} exists; choose a new file").format(target=target))
    try:
        create_private_file(target)  # a copy of everyone's data; a missing folder is made, as for any file
    except FileExistsError:
        raise InputError(_("backup target {target} exists; choose a new file").format(target=target)) from None
    except OSError as error:
        raise InputError(
            _("backup target {target} cannot be created: {strerror}").format(target=target, strerror=error.strerror)
        ) from None
    return copy_to(db, target)


def check(db: Database) -> list[Problem]:
    """The engine's own integrity (SQLite: ``PRAGMA integrity_check``, foreign keys), then every
    registered ledger identity."""
    problems = [Problem(*finding) for finding in engine_findings(db)]
    for ledger in LEDGER_CHECKS:
        problems.extend(ledger(db))
    return problems


@ledger_check
def account_balances_equal_their_ledgers(db: Database) -> Iterator[Problem]:
    rows = db.execute(
        """
        SELECT a.citizen_id, a.balance, COALESCE(SUM(e.amount), 0)
        FROM accounts a LEFT JOIN account_entries e ON e.citizen_id = a.citizen_id
        GROUP BY a.citizen_id HAVING a.balance != COALESCE(SUM(e.amount), 0)
        """
    ).fetchall()
    for citizen_id, balance, ledger in rows:
        yield Problem("account-balance", citizen_id, f"balance {balance} fen, ledger sums to {ledger} fen")
    for (citizen_id,) in db.execute("SELECT citizen_id FROM accounts WHERE balance < 0").fetchall():
        yield Problem("account-balance", citizen_id, "balance is negative")


@ledger_check
def contributions_add_up(db: Database) -> Iterator[Problem]:
    """A paid month's account credit is in the ledger: its credits (a month paid again after a
    refund has a second one) less the refunds' reversals."""
    rows = db.execute(
        """
        SELECT c.citizen_id, c.period, c.account_credit,
               (SELECT SUM(e.amount) FROM account_entries e
                WHERE e.citizen_id = c.citizen_id
                  AND ((e.kind = 'contribution-credit'
                        AND (e.reference = 'contribution:' || c.period OR e.reference LIKE 'contribution:' || c.period || ':%'))
                    OR (e.kind = 'contribution-reversal' AND e.reference LIKE 'reversal:contribution:' || c.period || ':%')))
        FROM contributions c
        WHERE c.account_credit > 0 AND c.citizen_id IN (SELECT citizen_id FROM accounts)
        """
    ).fetchall()
    for citizen_id, period, credit, entry in rows:
        if entry != credit:
            yield Problem("contribution-credit", f"{citizen_id} {period}", f"credit {credit} fen, ledger entry {entry}")


@ledger_check
def settlements_add_up(db: Database) -> Iterator[Problem]:
    """A settlement's lines exist and add up to its parts (the columns' own identities are CHECKs)."""
    rows = db.execute(
        """
        SELECT s.id, s.total, s.fully_self_paid, s.over_limit, s.first_self_paid, s.in_scope,
               COUNT(l.line_no), COALESCE(SUM(l.amount), 0), COALESCE(SUM(l.fully_self_paid), 0),
               COALESCE(SUM(l.over_limit), 0), COALESCE(SUM(l.first_self_paid), 0), COALESCE(SUM(l.in_scope), 0)
        FROM settlements s LEFT JOIN settlement_lines l ON l.settlement_id = s.id
        GROUP BY s.id
        HAVING COUNT(l.line_no) = 0 OR s.total != SUM(l.amount) OR s.fully_self_paid != SUM(l.fully_self_paid)
            OR s.over_limit != SUM(l.over_limit) OR s.first_self_paid != SUM(l.first_self_paid)
            OR s.in_scope != SUM(l.in_scope)
        """
    ).fetchall()
    for row in rows:
        if row[6] == 0:
            yield Problem("settlement-parts", f"settlement {row[0]}", "has no lines")
        else:
            yield Problem("settlement-parts", f"settlement {row[0]}", f"parts {row[1:6]} but its lines sum to {row[7:12]}")
    for (orphan,) in db.execute(
        "SELECT DISTINCT settlement_id FROM settlement_lines WHERE settlement_id NOT IN (SELECT id FROM settlements)"
    ).fetchall():
        yield Problem("settlement-parts", f"settlement {orphan}", "lines without a settlement")


@ledger_check
def benefit_years_equal_their_settlements(db: Database) -> Iterator[Problem]:
    """Each person's year-to-date deductible and fund use per visit type, and supplementary use per
    year across visit types, is the sum over live settlements; the pooling fund stays within the
    year's cap."""
    rows = db.execute(
        """
        WITH live AS (
            SELECT citizen_id, CAST(substr(service_date, 1, 4) AS INTEGER) AS year, visit_type,
                   SUM(deductible_applied) AS deductible, SUM(pooling_fund) AS fund, MAX(annual_cap) AS cap
            FROM settlements WHERE reversed_on IS NULL GROUP BY 1, 2, 3
        ),
        keys AS (SELECT citizen_id, year, visit_type FROM live UNION SELECT citizen_id, year, visit_type FROM benefit_years)
        SELECT k.citizen_id, k.year, k.visit_type,
               COALESCE(b.deductible_used, 0), COALESCE(b.fund_paid, 0),
               COALESCE(l.deductible, 0), COALESCE(l.fund, 0), l.cap
        FROM keys k
        LEFT JOIN benefit_years b USING (citizen_id, year, visit_type)
        LEFT JOIN live l USING (citizen_id, year, visit_type)
        """
    ).fetchall()
    for citizen_id, year, visit, *amounts, cap in rows:
        subject = f"{citizen_id} {year} {visit}"
        if amounts[:2] != amounts[2:]:
            yield Problem(
                "benefit-year",
                subject,
                f"year to date (deductible, fund) {tuple(amounts[:2])} fen, live settlements sum to {tuple(amounts[2:])} fen",
            )
        if cap is not None and amounts[3] > cap:
            yield Problem("benefit-year", subject, f"pooling fund {amounts[3]} fen over the annual cap {cap} fen")
    yield from _supplementary_years_equal_their_settlements(db)


def _supplementary_years_equal_their_settlements(db: Database) -> Iterator[Problem]:
    rows = db.execute(
        """
        WITH live AS (
            SELECT citizen_id, CAST(substr(service_date, 1, 4) AS INTEGER) AS year, SUM(supplementary) AS paid
            FROM settlements WHERE reversed_on IS NULL GROUP BY 1, 2
        ),
        keys AS (SELECT citizen_id, year FROM live UNION SELECT citizen_id, year FROM supplementary_years)
        SELECT k.citizen_id, k.year, COALESCE(y.supplementary_paid, 0), COALESCE(l.paid, 0)
        FROM keys k
        LEFT JOIN supplementary_years y USING (citizen_id, year)
        LEFT JOIN live l USING (citizen_id, year)
        WHERE COALESCE(y.supplementary_paid, 0) != COALESCE(l.paid, 0)
        """
    ).fetchall()
    for citizen_id, year, kept, paid in rows:
        yield Problem(
            "benefit-year",
            f"{citizen_id} {year}",
            f"supplementary use of the year {kept} fen, live settlements sum to {paid} fen",
        )


@ledger_check
def settlement_account_entries_match(db: Database) -> Iterator[Problem]:
    """What a settlement took from the person's own account (``account`` less family mutual aid)
    is one debit; a reversal, one refund; nothing else."""
    rows = db.execute(
        """
        SELECT s.id, s.citizen_id, s.account - s.mutual_aid, s.reversed_on IS NOT NULL,
               (SELECT SUM(amount) FROM account_entries e WHERE e.citizen_id = s.citizen_id
                  AND e.kind = 'settlement-debit' AND e.reference = 'settlement:' || s.id),
               (SELECT SUM(amount) FROM account_entries e WHERE e.citizen_id = s.citizen_id
                  AND e.kind = 'settlement-refund' AND e.reference = 'settlement:' || s.id)
        FROM settlements s
        """
    ).fetchall()
    for settlement_id, citizen_id, account, is_reversed, debit, refund in rows:
        want_debit = -account if account else None
        want_refund = account if account and is_reversed else None
        if debit != want_debit or refund != want_refund:
            yield Problem(
                "settlement-account",
                f"settlement {settlement_id}",
                f"account part {account} fen: debit {debit}, refund {refund} in {citizen_id}'s ledger",
            )
    for citizen_id, reference in db.execute(
        """
        SELECT citizen_id, reference FROM account_entries
        WHERE kind IN ('settlement-debit', 'settlement-refund')
          AND reference NOT IN (SELECT 'settlement:' || id FROM settlements)
        """
    ).fetchall():
        yield Problem("settlement-account", citizen_id, f"ledger entry {reference} has no settlement")


@ledger_check
def stored_persons_are_readable(db: Database) -> Iterator[Problem]:
    """A person row every reader can read: an 18-character number with a real birth date, a
    real registration date. Readers leave a damaged row out of lists; this names it."""
    for citizen_id in unreadable_persons(db):
        yield Problem("stored-row", repr(citizen_id), "person row cannot be read: damaged number or date")


@ledger_check
def audit_chain_holds(db: Database) -> Iterator[Problem]:
    """Every audit row matches its hash and follows the row before it."""
    from shebao.store.audit_chain import verify

    for found in verify(db):
        yield Problem("audit-chain", f"audit row {found.row_id}", found.problem)


def audit_head(db: Database) -> str:
    """Where the audit chain ends: note it elsewhere to prove later that no newest row was cut."""
    count = db.execute("SELECT count(*) FROM audit").fetchone()[0]
    last = db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    if last is None:
        return "audit chain is empty"
    return f"audit chain of {count} rows ends at row {last[0]}, hash {last[1]}"


@ledger_check
def person_history_holds_the_record(db: Database) -> Iterator[Problem]:
    """Every person has a history, and the latest change's state is the stored record's."""
    rows = db.execute(
        """
        SELECT p.citizen_id, p.insured_region, p.scheme, p.status, p.standing,
               e.insured_region, e.scheme, e.status, e.standing
        FROM persons p LEFT JOIN person_events e ON e.id = (
            SELECT id FROM person_events WHERE citizen_id = p.citizen_id AND change != 'details'
            ORDER BY effective_on DESC, id DESC LIMIT 1)
        """
    ).fetchall()
    for citizen_id, *state in rows:
        stored, last = tuple(state[:4]), tuple(state[4:])
        if last[0] is None:
            yield Problem("person-history", citizen_id, "the person has no history (no registration)")
        elif stored != last:
            yield Problem("person-history", citizen_id, f"record {'/'.join(stored)}, latest change {'/'.join(last)}")


# the identities of fund safety (family mutual aid, shared caps, reimbursement) register themselves
from shebao.maintenance import fund_checks  # noqa: E402, F401
