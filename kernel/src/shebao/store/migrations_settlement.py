"""Schema of settlements, their lines and each person's year-to-date benefit use.

The pooling fund's deductible and cap are per person, year and visit type (``benefit_years``);
the supplementary insurance's cap is per person and year across visit types
(``supplementary_years``).

The identities of a settlement (the parts add up to the fen) are CHECK constraints too, so
no code path can store a settlement whose figures do not add up.
"""

import sqlite_utils
from sqlite_utils.migrations import Migrations

settlement = Migrations("shebao.settlement")


@settlement()
def m001_settlements(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE settlements (
            id INTEGER PRIMARY KEY,
            bill_number TEXT NOT NULL,
            citizen_id TEXT NOT NULL REFERENCES persons(citizen_id),
            person_name TEXT NOT NULL,
            scheme TEXT NOT NULL,
            institution_code TEXT NOT NULL,
            institution_name TEXT NOT NULL,
            insured_region TEXT NOT NULL,
            treatment_region TEXT NOT NULL,
            visit_type TEXT NOT NULL,
            disease TEXT,
            emergency INTEGER NOT NULL,
            certificate TEXT NOT NULL,
            admitted_on TEXT,
            discharged_on TEXT,
            treated_on TEXT,
            service_date TEXT NOT NULL,
            management TEXT NOT NULL,
            filing_category TEXT,
            total INTEGER NOT NULL CHECK (total >= 0),
            fully_self_paid INTEGER NOT NULL CHECK (fully_self_paid >= 0),
            over_limit INTEGER NOT NULL CHECK (over_limit >= 0),
            first_self_paid INTEGER NOT NULL CHECK (first_self_paid >= 0),
            in_scope INTEGER NOT NULL CHECK (in_scope >= 0),
            deductible INTEGER NOT NULL CHECK (deductible >= 0),
            deductible_applied INTEGER NOT NULL CHECK (deductible_applied >= 0),
            base_ratio TEXT NOT NULL,
            ratio TEXT NOT NULL,
            annual_cap INTEGER NOT NULL CHECK (annual_cap >= 0),
            pooling_fund INTEGER NOT NULL CHECK (pooling_fund >= 0),
            supplementary_kind TEXT,
            supplementary INTEGER NOT NULL CHECK (supplementary >= 0),
            fund_total INTEGER NOT NULL CHECK (fund_total >= 0),
            personal INTEGER NOT NULL CHECK (personal >= 0),
            account INTEGER NOT NULL CHECK (account >= 0),
            cash INTEGER NOT NULL CHECK (cash >= 0),
            balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
            year_deductible_used INTEGER NOT NULL,
            year_fund_paid INTEGER NOT NULL,
            year_supplementary_paid INTEGER NOT NULL,
            policy_source TEXT NOT NULL,
            settled_on TEXT NOT NULL,
            operator TEXT NOT NULL,
            reversed_on TEXT,
            CHECK (total = fully_self_paid + over_limit + first_self_paid + in_scope),
            CHECK (fund_total = pooling_fund + supplementary),
            CHECK (total = fund_total + personal),
            CHECK (personal = account + cash)
        );
        CREATE UNIQUE INDEX settlements_live_bill ON settlements(institution_code, bill_number) WHERE reversed_on IS NULL;
        CREATE INDEX settlements_person ON settlements(citizen_id, service_date);
        CREATE INDEX settlements_institution ON settlements(institution_code, settled_on);

        CREATE TABLE settlement_lines (
            settlement_id INTEGER NOT NULL REFERENCES settlements(id),
            line_no INTEGER NOT NULL,
            code TEXT NOT NULL,
            name TEXT NOT NULL,
            unit_price TEXT NOT NULL,
            quantity TEXT NOT NULL,
            category TEXT,
            amount INTEGER NOT NULL CHECK (amount >= 0),
            fully_self_paid INTEGER NOT NULL CHECK (fully_self_paid >= 0),
            over_limit INTEGER NOT NULL CHECK (over_limit >= 0),
            first_self_paid INTEGER NOT NULL CHECK (first_self_paid >= 0),
            in_scope INTEGER NOT NULL CHECK (in_scope >= 0),
            CHECK (amount = fully_self_paid + over_limit + first_self_paid + in_scope),
            PRIMARY KEY (settlement_id, line_no)
        );

        CREATE TABLE benefit_years (
            citizen_id TEXT NOT NULL REFERENCES persons(citizen_id),
            year INTEGER NOT NULL,
            visit_type TEXT NOT NULL,
            deductible_used INTEGER NOT NULL CHECK (deductible_used >= 0),
            fund_paid INTEGER NOT NULL CHECK (fund_paid >= 0),
            supplementary_paid INTEGER NOT NULL CHECK (supplementary_paid >= 0),
            PRIMARY KEY (citizen_id, year, visit_type)
        );
        """
    )


@settlement()
def m002_supplementary_per_person_year(db: sqlite_utils.Database) -> None:
    """The large-amount / critical illness cap is per person and YEAR: its use was kept per visit
    type, so inpatient and outpatient use together could pass it. Summed into its own table."""
    # one statement at a time: executescript would commit, and the migration is one transaction
    for statement in (
        """CREATE TABLE supplementary_years (
            citizen_id TEXT NOT NULL REFERENCES persons(citizen_id),
            year INTEGER NOT NULL,
            supplementary_paid INTEGER NOT NULL CHECK (supplementary_paid >= 0),
            PRIMARY KEY (citizen_id, year)
        )""",
        """INSERT INTO supplementary_years (citizen_id, year, supplementary_paid)
            SELECT citizen_id, year, SUM(supplementary_paid) FROM benefit_years
            GROUP BY citizen_id, year HAVING SUM(supplementary_paid) > 0""",
        "ALTER TABLE benefit_years DROP COLUMN supplementary_paid",
    ):
        db.execute(statement)


@settlement()
def m003_clustered_lines_and_years(db: sqlite_utils.Database) -> None:
    """Lines and year-to-date rows keyed by their primary key alone (WITHOUT ROWID): a
    settlement's lines lie together, read in one seek, and each row written updates one b-tree
    instead of a table and its key's index."""
    for table in ("settlement_lines", "benefit_years", "supplementary_years"):
        # the table's own definition as it stands (m001, m002), with WITHOUT ROWID added
        create = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone()[0]
        db.execute(f"CREATE TABLE {table}_new {create[create.index('(') :]} WITHOUT ROWID")
        columns = ", ".join(column.name for column in db[table].columns)
        db.execute(f"INSERT INTO {table}_new ({columns}) SELECT {columns} FROM {table} ORDER BY 1, 2")
        # nothing references these tables, so the old one can go inside the transaction
        db.execute(f"DROP TABLE {table}")
        db.execute(f"ALTER TABLE {table}_new RENAME TO {table}")
