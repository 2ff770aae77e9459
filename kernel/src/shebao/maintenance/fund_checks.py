"""The identities of fund safety, checked by ``shebao check``: family mutual aid is one debit
(and one refund) on the holder's ledger, a shared annual cap holds across its visit types, and
every decided reimbursement has the settlement its state says."""

from collections.abc import Iterator

from shebao.maintenance import Problem, ledger_check
from shebao.store.engine import Database


@ledger_check
def mutual_aid_is_on_the_holders_ledger(db: Database) -> Iterator[Problem]:
    rows = db.execute(
        """
        SELECT s.id, s.mutual_aid, s.mutual_aid_holder, s.account, s.reversed_on IS NOT NULL,
               (SELECT SUM(amount) FROM account_entries e WHERE e.citizen_id = s.mutual_aid_holder
                  AND e.kind = 'settlement-debit' AND e.reference = 'settlement:' || s.id),
               (SELECT SUM(amount) FROM account_entries e WHERE e.citizen_id = s.mutual_aid_holder
                  AND e.kind = 'settlement-refund' AND e.reference = 'settlement:' || s.id)
        FROM settlements s WHERE s.mutual_aid != 0 OR s.mutual_aid_holder IS NOT NULL
        """
    ).fetchall()
    for settlement_id, aid, holder, account, is_reversed, debit, refund in rows:
        subject = f"settlement {settlement_id}"
        if aid > account or (aid and holder is None):
            yield Problem("mutual-aid", subject, f"mutual aid {aid} fen of an account part {account} fen, holder {holder}")
            continue
        if debit != (-aid if aid else None) or refund != (aid if aid and is_reversed else None):
            yield Problem("mutual-aid", subject, f"mutual aid {aid} fen: debit {debit}, refund {refund} in {holder}'s ledger")


@ledger_check
def shared_caps_hold(db: Database) -> Iterator[Problem]:
    """The pooling fund of the visit types sharing an annual cap stays within it, per person and year."""
    rows = db.execute(
        """
        SELECT citizen_id, CAST(substr(service_date, 1, 4) AS INTEGER), cap_group, SUM(pooling_fund), MAX(shared_cap)
        FROM settlements WHERE reversed_on IS NULL AND cap_group IS NOT NULL
        GROUP BY 1, 2, 3 HAVING SUM(pooling_fund) > MAX(shared_cap)
        """
    ).fetchall()
    for citizen_id, year, group, paid, cap in rows:
        yield Problem("shared-cap", f"{citizen_id} {year} {group}", f"pooling fund {paid} fen over the shared cap {cap} fen")


@ledger_check
def reimbursements_match_their_settlements(db: Database) -> Iterator[Problem]:
    """Approved and paid reimbursements have a live settlement of the same person and invoice;
    reversed ones a reversed settlement; applied and rejected ones none."""
    rows = db.execute(
        """
        SELECT r.id, r.state, r.settlement_id, s.id, s.citizen_id = r.citizen_id AND s.bill_number = r.invoice_number,
               s.reversed_on IS NOT NULL, r.paid_on IS NOT NULL AND r.bank_card IS NOT NULL
        FROM reimbursements r LEFT JOIN settlements s ON s.id = r.settlement_id
        """
    ).fetchall()
    for number, state, reference, found, same, is_reversed, paid in rows:
        subject = f"reimbursement {number}"
        if state in ("applied", "rejected"):
            if reference is not None:
                yield Problem("reimbursement", subject, f"{state} but points to settlement {reference}")
            continue
        if found is None or not same:
            yield Problem("reimbursement", subject, f"{state} without its settlement (settlement {reference})")
        elif is_reversed != (state == "reversed"):
            live = "reversed" if is_reversed else "live"
            yield Problem("reimbursement", subject, f"{state} but its settlement {found} is {live}")
        elif state == "paid" and not paid:
            yield Problem("reimbursement", subject, "paid without a payment date and bank card")
