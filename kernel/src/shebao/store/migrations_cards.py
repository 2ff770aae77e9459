"""Schema of card applications and their steps, payment notices, payments and activations."""

import sqlite_utils
from sqlite_utils.migrations import Migrations

cards = Migrations("shebao.cards")


@cards()
def m001_cards(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE notices (
            number TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            payer_name TEXT NOT NULL,
            payer_id TEXT NOT NULL REFERENCES persons(citizen_id),
            item TEXT NOT NULL,
            amount INTEGER NOT NULL CHECK (amount > 0),
            payee_name TEXT NOT NULL,
            payee_account TEXT NOT NULL,
            issued_on TEXT NOT NULL,
            period TEXT,
            base INTEGER,
            employer_part INTEGER,
            individual_part INTEGER,
            account_credit INTEGER,
            paid_receipt TEXT
        );
        CREATE INDEX notices_payer ON notices(payer_id);
        CREATE UNIQUE INDEX notices_contribution ON notices(payer_id, period) WHERE kind = 'contribution';

        CREATE TABLE payments (
            id INTEGER PRIMARY KEY,
            notice_number TEXT NOT NULL REFERENCES notices(number),
            channel TEXT NOT NULL,
            method TEXT NOT NULL,
            amount INTEGER NOT NULL CHECK (amount > 0),
            paid_at TEXT NOT NULL,
            receipt TEXT NOT NULL,
            recorded_on TEXT NOT NULL,
            source TEXT NOT NULL,
            UNIQUE (channel, receipt),
            UNIQUE (notice_number)
        );

        CREATE TABLE card_applications (
            number TEXT PRIMARY KEY,
            citizen_id TEXT NOT NULL REFERENCES persons(citizen_id),
            applied_on TEXT NOT NULL,
            region TEXT NOT NULL,
            document TEXT NOT NULL,
            photo_source TEXT NOT NULL,
            photo_receipt TEXT,
            phone TEXT NOT NULL,
            address TEXT NOT NULL,
            fee INTEGER NOT NULL CHECK (fee >= 0),
            notice_number TEXT REFERENCES notices(number),
            state TEXT NOT NULL,
            replaces TEXT REFERENCES card_applications(number),
            paid_on TEXT,
            ready_by TEXT,
            ready_by_estimated INTEGER NOT NULL DEFAULT 0,
            card_number TEXT UNIQUE,
            card_sequence INTEGER UNIQUE,
            issued_on TEXT
        );
        CREATE INDEX card_applications_person ON card_applications(citizen_id);
        CREATE INDEX card_applications_state ON card_applications(state);

        CREATE TABLE card_events (
            id INTEGER PRIMARY KEY,
            application TEXT NOT NULL REFERENCES card_applications(number),
            state TEXT NOT NULL,
            on_date TEXT NOT NULL,
            operator TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX card_events_application ON card_events(application);

        CREATE TABLE activations (
            id INTEGER PRIMARY KEY,
            citizen_id TEXT NOT NULL REFERENCES persons(citizen_id),
            kind TEXT NOT NULL,
            activated_on TEXT NOT NULL,
            card_number TEXT,
            bank_card TEXT,
            bank TEXT
        );
        CREATE INDEX activations_person ON activations(citizen_id);

        CREATE TABLE activation_evidence (
            activation_id INTEGER NOT NULL REFERENCES activations(id),
            item TEXT NOT NULL,
            value TEXT NOT NULL,
            checked_by TEXT NOT NULL,
            PRIMARY KEY (activation_id, item)
        );
        """
    )
