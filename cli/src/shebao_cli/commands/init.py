"""``shebao init``: create or upgrade the database."""

import click

from shebao_cli.app import App


@click.command()
@click.pass_obj
def init(app: App) -> None:
    """Create the database, or upgrade it to this version's schema."""
    from shebao.store.integrity import migrations_applied

    app.may_create = True
    applied = migrations_applied(app.db)
    click.echo(f"database {app.db_path} ready ({applied} migrations applied)")
