"""Schema of the register over time: each person's changes of record (with the state after
each), the standing of the insurance, addresses, ends of employment and resident premiums."""

import sqlite_utils
from sqlite_utils.migrations import Migrations

from shebao.store.sql import run_script

register = Migrations("shebao.register")


@register()
def m001_person_history(db: sqlite_utils.Database) -> None:
    run_script(
        db,
        """
        ALTER TABLE persons ADD COLUMN address TEXT;
        ALTER TABLE persons ADD COLUMN standing TEXT NOT NULL DEFAULT 'insured';
        ALTER TABLE employments ADD COLUMN ended_on TEXT;

        CREATE TABLE person_events (
            id INTEGER PRIMARY KEY,
            citizen_id TEXT NOT NULL REFERENCES persons(citizen_id),
            change TEXT NOT NULL,
            effective_on TEXT NOT NULL,
            recorded_on TEXT NOT NULL,
            insured_region TEXT NOT NULL,
            scheme TEXT NOT NULL,
            status TEXT NOT NULL,
            standing TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            before TEXT NOT NULL DEFAULT '{}',
            after TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX person_events_person ON person_events(citizen_id, effective_on);

        -- persons registered before the history was kept: their registration, as they stand
        INSERT INTO person_events (citizen_id, change, effective_on, recorded_on, insured_region, scheme, status, standing)
            SELECT citizen_id, 'registered', registered_on, registered_on, insured_region, scheme, status, standing
            FROM persons ORDER BY registered_on, citizen_id;

        CREATE TABLE resident_premiums (
            citizen_id TEXT NOT NULL REFERENCES persons(citizen_id),
            year INTEGER NOT NULL,
            amount INTEGER NOT NULL CHECK (amount > 0),
            receipt TEXT NOT NULL,
            paid_on TEXT NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (citizen_id, year)
        );
        """,
    )


@register()
def m002_premium_assessments(db: sqlite_utils.Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE premium_assessments (
            employer_uscc TEXT NOT NULL REFERENCES employers(uscc),
            citizen_id TEXT NOT NULL REFERENCES persons(citizen_id),
            period TEXT NOT NULL,
            base INTEGER NOT NULL CHECK (base > 0),
            employer_part INTEGER NOT NULL CHECK (employer_part >= 0),
            individual_part INTEGER NOT NULL CHECK (individual_part >= 0),
            assessed_on TEXT NOT NULL,
            PRIMARY KEY (employer_uscc, citizen_id, period)
        );
        CREATE INDEX contributions_employer ON contributions(employer_uscc, period);
        """,
    )


@register()
def m003_reversals_and_payment_problems(db: sqlite_utils.Database) -> None:
    run_script(
        db,
        """
        ALTER TABLE payments ADD COLUMN reversed_on TEXT;
        ALTER TABLE payments ADD COLUMN reversal_source TEXT;

        CREATE TABLE payment_problems (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            statement TEXT NOT NULL,
            line INTEGER NOT NULL,
            notice_number TEXT NOT NULL,
            amount INTEGER NOT NULL,
            receipt TEXT NOT NULL,
            reversal INTEGER NOT NULL DEFAULT 0,
            problem TEXT NOT NULL,
            message TEXT NOT NULL,
            found_on TEXT NOT NULL,
            resolved_on TEXT,
            resolved_by TEXT,
            resolution TEXT,
            UNIQUE (channel, receipt, reversal)  -- a line is kept once, with the first reason found
        );
        CREATE INDEX payment_problems_open ON payment_problems(resolved_on, id);
        """,
    )
