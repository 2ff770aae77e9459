"""``shebao init``: create or upgrade the database."""

import click

from shebao.i18n import ngettext
from shebao_cli.app import App


@click.command()
@click.pass_obj
def init(app: App) -> None:
    """Create the database, or upgrade it to this version's schema."""
    from shebao.store.schema import all_migrations

    app.may_create = True
    db = app.db
    applied = sum(len(m.applied(db)) for m in all_migrations())
    click.echo(
        ngettext(
            "database {db_path} ready ({applied} migration applied)",
            "database {db_path} ready ({applied} migrations applied)",
            applied,
        ).format(db_path=app.db_path, applied=applied)
    )
