"""``shebao account``: the medical insurance individual account."""

from typing import Any

import click

from shebao_cli.app import App
from shebao_cli.output import emit_json, mask_id, pairs, table
from shebao_cli.params import MONTH


@click.group()
def account() -> None:
    """Individual accounts of employee medical insurance."""


@account.command()
@click.argument("citizen_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def show(app: App, citizen_id: str, as_json: bool) -> None:
    """Balance, activation and the latest ledger entries of a person's account."""
    from shebao.money import yuan
    from shebao.services.contributions import account as find_account

    found, entries = find_account(app.uow(), citizen_id)
    if as_json:
        emit_json(
            {
                "citizen_id": mask_id(app.reveal, found.citizen_id),
                "balance": yuan(found.balance),
                "opened_on": found.opened_on.isoformat(),
                "activated_on": found.activated_on.isoformat() if found.activated_on else None,
                "entries": [
                    {
                        "booked_on": e.booked_on.isoformat(),
                        "kind": e.kind.value,
                        "amount": yuan(e.amount),
                        "reference": e.reference,
                    }
                    for e in entries
                ],
            }
        )
        return
    pairs(
        [
            ("account of", mask_id(app.reveal, found.citizen_id)),
            ("balance", f"{yuan(found.balance)} yuan"),
            ("opened on", found.opened_on.isoformat()),
            ("activated", found.activated_on.isoformat() if found.activated_on else "not yet"),
        ]
    )
    table(["booked", "kind", "amount", "reference"], [(e.booked_on, e.kind.value, yuan(e.amount), e.reference) for e in entries])


@account.command("credit-retirees")
@click.option("--month", type=MONTH, required=True, help="The month to credit.")
@click.pass_obj
def credit_retirees(app: App, month: Any) -> None:
    """Give every retiree's account the monthly credit, once per month."""
    from shebao.money import yuan
    from shebao.services.contributions import credit_retirees as credit

    result = credit(app.uow(), month, app.today)
    click.echo(
        f"{result.month}: credited {result.credited} retirees {yuan(result.total)} yuan; {result.already} already credited"
    )
