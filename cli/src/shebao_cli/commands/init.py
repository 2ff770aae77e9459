"""``shebao init``: create or upgrade the database."""

import click

from shebao.i18n import ngettext
from shebao_cli.app import App


@click.command()
@click.pass_obj
def init(app: App) -> None:
    """Create the database, or upgrade it to this version's schema."""
    from shebao.store.integrity import migrations_applied

    app.may_create = True
    applied = migrations_applied(app.db)
    click.echo(
        ngettext(
            "database {db_path} ready ({applied} migration applied)",
            "database {db_path} ready ({applied} migrations applied)",
            applied,
        ).format(db_path=app.db_label, applied=applied)
    )
