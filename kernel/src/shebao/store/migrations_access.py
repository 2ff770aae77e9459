"""Schema of who may use the service: API tokens, insured persons' accounts, their enrolment
codes and sessions, and failed logins (for the rate limit). Secrets are stored hashed only."""

import sqlite_utils
from sqlite_utils.migrations import Migrations

from shebao.store.sql import run_script

access = Migrations("shebao.access")


@access()
def m001_tokens_accounts_sessions(db: sqlite_utils.Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE api_tokens (
            id INTEGER PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('counter', 'hospital', 'auditor')),
            institution_code TEXT REFERENCES institutions(code),
            label TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            revoked_at TEXT,
            CHECK ((role = 'hospital') = (institution_code IS NOT NULL))
        );

        CREATE TABLE person_accounts (
            citizen_id TEXT PRIMARY KEY REFERENCES persons(citizen_id),
            password_hash TEXT NOT NULL,
            enrolled_at TEXT NOT NULL
        );

        CREATE TABLE enrolment_codes (
            citizen_id TEXT PRIMARY KEY REFERENCES persons(citizen_id),
            code_hash TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            issued_by TEXT NOT NULL
        );

        CREATE TABLE person_sessions (
            session_hash TEXT PRIMARY KEY,
            citizen_id TEXT NOT NULL REFERENCES person_accounts(citizen_id),
            csrf_token TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX person_sessions_person ON person_sessions(citizen_id);

        CREATE TABLE failed_logins (
            id INTEGER PRIMARY KEY,
            citizen_id TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX failed_logins_person ON failed_logins(citizen_id, at);

        CREATE TABLE filing_uploads (
            id INTEGER PRIMARY KEY,
            filing_id TEXT NOT NULL REFERENCES filings(id),
            document TEXT NOT NULL,
            media_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            content BLOB NOT NULL,
            uploaded_at TEXT NOT NULL
        );
        CREATE INDEX filing_uploads_filing ON filing_uploads(filing_id);
        """,
    )
