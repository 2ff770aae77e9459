"""Columns the printed forms need beyond the records they print: on a card application the
applicant's ethnic group, agent and chosen bank; how a filing was made; a bill's diagnosis
and admission number. All may be empty, as they are on rows written before them."""

import sqlite_utils
from sqlite_utils.migrations import Migrations

from shebao.store.sql import run_script

forms = Migrations("shebao.forms")


@forms()
def m001_form_particulars(db: sqlite_utils.Database) -> None:
    run_script(
        db,
        """
        ALTER TABLE card_applications ADD COLUMN ethnicity TEXT;
        ALTER TABLE card_applications ADD COLUMN agent_name TEXT;
        ALTER TABLE card_applications ADD COLUMN agent_id TEXT;
        ALTER TABLE card_applications ADD COLUMN agent_phone TEXT;
        ALTER TABLE card_applications ADD COLUMN bank TEXT;
        ALTER TABLE filings ADD COLUMN channel TEXT NOT NULL DEFAULT 'counter';
        ALTER TABLE settlements ADD COLUMN diagnosis TEXT;
        ALTER TABLE settlements ADD COLUMN admission_number TEXT;
        """,
    )
