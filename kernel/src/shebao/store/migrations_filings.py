"""Schema of the designated institution directory and off-site filings."""

import sqlite_utils
from sqlite_utils.migrations import Migrations

from shebao.store.sql import run_script

filings = Migrations("shebao.filings")


@filings()
def m001_institutions_and_filings(db: sqlite_utils.Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE institutions (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            name_initials TEXT NOT NULL DEFAULT '',
            region TEXT NOT NULL,
            level TEXT NOT NULL,
            grade TEXT NOT NULL,
            kind TEXT NOT NULL,
            services TEXT NOT NULL,
            designated INTEGER NOT NULL,
            networked INTEGER NOT NULL,
            status TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL,
            synced_on TEXT NOT NULL
        );
        CREATE INDEX institutions_region ON institutions(region);

        CREATE TABLE filings (
            id TEXT PRIMARY KEY,
            citizen_id TEXT NOT NULL REFERENCES persons(citizen_id),
            insured_region TEXT NOT NULL,
            treatment_region TEXT NOT NULL,
            category TEXT NOT NULL,
            documents TEXT NOT NULL,
            inpatient INTEGER NOT NULL DEFAULT 0,
            address TEXT NOT NULL DEFAULT '',
            applied_on TEXT NOT NULL,
            starts_on TEXT NOT NULL,
            ends_on TEXT,
            state TEXT NOT NULL,
            decided_on TEXT,
            reasons TEXT NOT NULL DEFAULT '[]',
            ended_on TEXT,
            end_reason TEXT NOT NULL DEFAULT '',
            CHECK (ends_on IS NULL OR ends_on >= starts_on)
        );
        CREATE INDEX filings_person ON filings(citizen_id);

        CREATE TABLE filing_institutions (
            filing_id TEXT NOT NULL REFERENCES filings(id),
            position INTEGER NOT NULL,
            institution_code TEXT NOT NULL REFERENCES institutions(code),
            PRIMARY KEY (filing_id, institution_code)
        );
        """,
    )
