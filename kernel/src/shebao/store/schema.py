"""The schema, as named migration sets applied in order; a database made by any earlier
version upgrades in place. Each concern owns one set."""

from sqlite_utils.migrations import Migrations

from shebao.store.migrations_access import access
from shebao.store.migrations_audit import audit
from shebao.store.migrations_cards import cards
from shebao.store.migrations_filings import filings
from shebao.store.migrations_forms import forms
from shebao.store.migrations_fund import fund
from shebao.store.migrations_people import people
from shebao.store.migrations_register import register
from shebao.store.migrations_settlement import settlement


def all_migrations() -> list[Migrations]:
    return [people, cards, filings, settlement, forms, audit, register, fund, access]
