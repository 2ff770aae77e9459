"""``shebao db copy``: move a centre's SQLite database onto the province's PostgreSQL server."""

import click

from shebao.i18n import _, ngettext
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
    table([_("table"), _("rows")], [(t.table, str(t.rows)) for t in copied if t.rows])
    rows = sum(t.rows for t in copied)
    click.echo(
        _("copied {rows} of {tables}; counts, sums and check agree").format(
            rows=ngettext("{count} row", "{count} rows", rows).format(count=rows),
            tables=ngettext("{count} table", "{count} tables", len(copied)).format(count=len(copied)),
        )
    )
