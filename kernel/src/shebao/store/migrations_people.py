"""Schema of persons, employers, employments, contributions, accounts and the audit log."""

import sqlite_utils
from sqlite_utils.migrations import Migrations

from shebao.store.sql import run_script

people = Migrations("shebao.people")


@people()
def m001_people(db: sqlite_utils.Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            operator TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX audit_subject ON audit(subject);
        CREATE INDEX audit_action ON audit(action, at);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

        CREATE TABLE persons (
            citizen_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            nationality TEXT NOT NULL,
            hukou_region TEXT NOT NULL,
            insured_region TEXT NOT NULL,
            scheme TEXT NOT NULL,
            status TEXT NOT NULL,
            phone TEXT,
            photo_on_file INTEGER NOT NULL DEFAULT 0,
            registered_on TEXT NOT NULL
        );
        CREATE INDEX persons_insured_region ON persons(insured_region);

        CREATE TABLE employers (
            uscc TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            region TEXT NOT NULL,
            registered_on TEXT NOT NULL
        );

        CREATE TABLE employments (
            id INTEGER PRIMARY KEY,
            employer_uscc TEXT NOT NULL REFERENCES employers(uscc),
            citizen_id TEXT NOT NULL REFERENCES persons(citizen_id),
            started_on TEXT NOT NULL,
            registered_on TEXT,
            UNIQUE (employer_uscc, citizen_id, started_on)
        );
        CREATE INDEX employments_person ON employments(citizen_id);

        CREATE TABLE contributions (
            id INTEGER PRIMARY KEY,
            citizen_id TEXT NOT NULL REFERENCES persons(citizen_id),
            period TEXT NOT NULL,
            base INTEGER NOT NULL CHECK (base >= 0),
            employer_part INTEGER NOT NULL CHECK (employer_part >= 0),
            individual_part INTEGER NOT NULL CHECK (individual_part >= 0),
            account_credit INTEGER NOT NULL CHECK (account_credit >= 0),
            channel TEXT NOT NULL,
            paid_on TEXT NOT NULL,
            employer_uscc TEXT REFERENCES employers(uscc),
            receipt TEXT,
            UNIQUE (citizen_id, period)
        );

        CREATE TABLE accounts (
            citizen_id TEXT PRIMARY KEY REFERENCES persons(citizen_id),
            balance INTEGER NOT NULL CHECK (balance >= 0),
            opened_on TEXT NOT NULL,
            activated_on TEXT
        );

        CREATE TABLE account_entries (
            id INTEGER PRIMARY KEY,
            citizen_id TEXT NOT NULL REFERENCES accounts(citizen_id),
            booked_on TEXT NOT NULL,
            kind TEXT NOT NULL,
            amount INTEGER NOT NULL,
            reference TEXT NOT NULL,
            UNIQUE (citizen_id, kind, reference)
        );
        """,
    )
