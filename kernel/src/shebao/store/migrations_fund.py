"""Schema of fund safety: family mutual aid on settlements and its links, shared annual caps,
manual reimbursement.

``settlements.account`` stays everything individual accounts paid (so ``personal = account +
cash`` still holds); ``mutual_aid`` is the part of it a family holder's account paid.
"""

import sqlite_utils
from sqlite_utils.migrations import Migrations

from shebao.store.sql import run_script

fund = Migrations("shebao.fund")


@fund()
def m001_mutual_aid_shared_caps_reimbursement(db: sqlite_utils.Database) -> None:
    run_script(
        db,
        """
        ALTER TABLE settlements ADD COLUMN mutual_aid INTEGER NOT NULL DEFAULT 0 CHECK (mutual_aid >= 0);
        ALTER TABLE settlements ADD COLUMN mutual_aid_holder TEXT REFERENCES persons(citizen_id);
        ALTER TABLE settlements ADD COLUMN shared_cap INTEGER CHECK (shared_cap >= 0);
        ALTER TABLE settlements ADD COLUMN cap_group TEXT;

        -- contribution months recognised before shebao's own records: years paid elsewhere or
        -- before the records began, and deemed years (视同缴费年限), as recognised at retirement
        CREATE TABLE prior_contributions (
            citizen_id TEXT PRIMARY KEY REFERENCES persons(citizen_id),
            months INTEGER NOT NULL CHECK (months >= 0),
            recorded_on TEXT NOT NULL,
            note TEXT NOT NULL
        );

        CREATE TABLE family_links (
            id INTEGER PRIMARY KEY,
            holder TEXT NOT NULL REFERENCES persons(citizen_id),
            member TEXT NOT NULL REFERENCES persons(citizen_id),
            relation TEXT NOT NULL,
            added_on TEXT NOT NULL,
            removed_on TEXT,
            CHECK (holder != member)
        );
        CREATE UNIQUE INDEX family_links_live_member ON family_links(member) WHERE removed_on IS NULL;
        CREATE INDEX family_links_holder ON family_links(holder);

        CREATE TABLE reimbursements (
            id INTEGER PRIMARY KEY,
            citizen_id TEXT NOT NULL REFERENCES persons(citizen_id),
            invoice_number TEXT NOT NULL,
            reason TEXT NOT NULL,
            bill TEXT NOT NULL,
            institution_name TEXT NOT NULL,
            institution_region TEXT NOT NULL,
            institution_level TEXT NOT NULL,
            receipts TEXT NOT NULL,
            state TEXT NOT NULL,
            applied_on TEXT NOT NULL,
            decided_on TEXT,
            rejection TEXT,
            settlement_id INTEGER REFERENCES settlements(id),
            paid_on TEXT,
            bank_card TEXT,
            bank TEXT,
            reversed_on TEXT
        );
        -- an invoice is reimbursed once: one application that is not rejected or reversed
        CREATE UNIQUE INDEX reimbursements_live_invoice ON reimbursements(invoice_number)
            WHERE state NOT IN ('rejected', 'reversed');
        CREATE INDEX reimbursements_person ON reimbursements(citizen_id);
        """,
    )
