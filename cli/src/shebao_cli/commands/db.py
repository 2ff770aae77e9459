"""``shebao db copy``: move a centre's SQLite database onto the province's PostgreSQL server."""

import click

from shebao_cli.app import App
from shebao_cli.output import emit_json, table


@click.group()
def db() -> None:
    """Move a database between engines."""


@db.command("copy")
@click.option("--from", "source", required=True, help="The centre's SQLite file: sqlite:PATH (or PATH).")
@click.option("--to", "target", required=True, help="The server database, new or empty: postgresql://…")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def copy(app: App, source: str, target: str, as_json: bool) -> None:
    """Copy every table; counts, sums and `shebao check` must agree before it commits."""
    from shebao.maintenance.copy import copy_to_server

    copied = copy_to_server(source, target, app.operator, app.now)
    if as_json:
        emit_json({"tables": [{"table": t.table, "rows": t.rows, "sums": dict(t.sums)} for t in copied]})
        return
    table(["table", "rows"], [(t.table, str(t.rows)) for t in copied if t.rows])
    click.echo(f"copied {sum(t.rows for t in copied)} rows of {len(copied)} tables; counts, sums and check agree")
