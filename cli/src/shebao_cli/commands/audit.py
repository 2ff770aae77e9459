"""``shebao audit``: read the append-only audit log."""

import click

from shebao_cli.app import App
from shebao_cli.output import emit_json, table


@click.group()
def audit() -> None:
    """The audit log of every change of state."""


@audit.command("list")
@click.option("--subject", help="Only entries about this subject (a citizen id, a notice number ...).")
@click.option("--action", help="Only this action, e.g. person.register.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def list_(app: App, subject: str | None, action: str | None, limit: int, as_json: bool) -> None:
    """Latest audit entries first."""
    from shebao.ids import mask

    entries = list(app.uow().audit.entries(subject, action, limit))

    def shown(text: str) -> str:
        return text if app.reveal or not (len(text) == 18 and text[:17].isdigit()) else mask(text, 4, 4)

    if as_json:
        emit_json(
            [
                {
                    "id": e.id,
                    "at": e.at.isoformat(),
                    "operator": e.operator,
                    "action": e.action,
                    "subject": shown(e.subject),
                    "detail": e.detail,
                }
                for e in entries
            ]
        )
        return
    table(["at", "operator", "action", "subject"], [(e.at, e.operator, e.action, shown(e.subject)) for e in entries])
