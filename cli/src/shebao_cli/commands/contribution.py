"""``shebao contribution``: record premiums and inquire the payment record."""

from typing import Any

import click

from shebao_cli.app import App
from shebao_cli.output import emit_json, mask_id, table
from shebao_cli.params import MONTH

CHANNELS = ["payroll", "terminal", "online-banking", "wechat-pay", "alipay", "bank-counter", "credit-card"]


@click.group()
def contribution() -> None:
    """Premiums paid for insured persons."""


@contribution.command()
@click.argument("citizen_id")
@click.option("--month", "period", type=MONTH, required=True, help="The month paid for.")
@click.option("--base", required=True, help="Contribution base in yuan, e.g. 8000.00.")
@click.option("--employer", "employer_uscc", help="The employer remitting (employees).")
@click.option("--channel", type=click.Choice(CHANNELS), default="payroll", show_default=True)
@click.option("--receipt", help="Receipt number of the payment; the same receipt again changes nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def pay(
    app: App, citizen_id: str, period: Any, base: str, employer_uscc: str | None, channel: str, receipt: str | None, as_json: bool
) -> None:
    """Record one month's premium and credit the individual account."""
    from shebao.convert import structure
    from shebao.money import yuan
    from shebao.services.contributions import PayContribution, pay_contribution

    data: dict[str, Any] = {"citizen_id": citizen_id, "period": str(period), "base": base, "channel": channel}
    if employer_uscc:
        data["employer_uscc"] = employer_uscc
    if receipt:
        data["receipt"] = receipt
    paid, new = pay_contribution(app.uow(), structure(data, PayContribution), app.today)
    a = paid.assessment
    if as_json:
        emit_json({"new": new, **_json(paid, app.reveal)})
        return
    prefix = "recorded" if new else "already recorded (nothing changed)"
    click.echo(
        f"{prefix}: {mask_id(app.reveal, paid.citizen_id)} {paid.period} base {yuan(a.base)}:"
        f" employer {yuan(a.employer_part)} + individual {yuan(a.individual_part)} via {paid.channel.value};"
        f" account credited {yuan(a.account_credit)}"
    )


def _json(c: Any, reveal: bool) -> dict[str, Any]:
    from shebao.money import yuan

    a = c.assessment
    return {
        "citizen_id": mask_id(reveal, c.citizen_id),
        "period": str(c.period),
        "base": yuan(a.base),
        "employer_part": yuan(a.employer_part),
        "individual_part": yuan(a.individual_part),
        "total": yuan(a.total),
        "account_credit": yuan(a.account_credit),
        "channel": c.channel.value,
        "paid_on": c.paid_on.isoformat(),
        "employer": c.employer_uscc,
        "receipt": c.receipt,
    }


@contribution.command("list")
@click.argument("citizen_id")
@click.option("--from", "first", type=MONTH, help="First month.")
@click.option("--to", "last", type=MONTH, help="Last month.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def list_(app: App, citizen_id: str, first: Any, last: Any, as_json: bool) -> None:
    """A person's payment record over a period (Social Insurance Law art. 4)."""
    from shebao.money import yuan
    from shebao.services.contributions import contributions

    if first and last and first > last:
        raise click.BadParameter(f"--from {first} is after --to {last}")
    found = contributions(app.uow(), citizen_id, first, last)
    if as_json:
        emit_json([_json(c, app.reveal) for c in found])
        return
    table(
        ["month", "base", "employer", "individual", "to account", "channel", "paid on"],
        [
            (
                c.period,
                yuan(c.assessment.base),
                yuan(c.assessment.employer_part),
                yuan(c.assessment.individual_part),
                yuan(c.assessment.account_credit),
                c.channel.value,
                c.paid_on,
            )
            for c in found
        ],
    )
    total = sum(c.assessment.total for c in found)
    click.echo(f"{len(found)} months, {yuan(total)} yuan in all")
