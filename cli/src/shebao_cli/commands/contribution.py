"""``shebao contribution``: record premiums and inquire the payment record."""

from pathlib import Path
from typing import Any

import click

from shebao.i18n import _, ngettext, term
from shebao_cli.app import App
from shebao_cli.output import cut, cut_notice, emit_json, emit_list, limit_option, mask_id, mask_text, offset_option, table
from shebao_cli.params import DATE, MONTH, OneName

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
    prefix = _("recorded") if new else _("already recorded (nothing changed)")
    click.echo(
        _(
            "{prefix}: {mask_id} {period} base {base}: employer {employer_part} + individual "
            "{individual_part} via {value}; account credited {account_credit}"
        ).format(
            prefix=prefix,
            mask_id=mask_id(app.reveal, paid.citizen_id),
            period=paid.period,
            base=yuan(a.base),
            employer_part=yuan(a.employer_part),
            individual_part=yuan(a.individual_part),
            value=term(paid.channel.value),
            account_credit=yuan(a.account_credit),
        )
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
@limit_option(120)
@offset_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def list_(app: App, citizen_id: str, first: Any, last: Any, limit: int, offset: int, as_json: bool) -> None:
    """A person's payment record over a period (Social Insurance Law art. 4)."""
    from shebao.money import yuan
    from shebao.services.contributions import contributions

    if first and last and first > last:
        raise click.BadParameter(_("--from {first} is after --to {last}").format(first=first, last=last))
    every = contributions(app.uow(), citizen_id, first, last)
    found, more = cut(every, limit, offset)
    if as_json:
        emit_list([_json(c, app.reveal) for c in found], offset, more)
        return
    table(
        [_("month"), _("base"), _("employer"), _("individual"), _("to account"), _("channel"), _("paid on")],
        [
            (
                c.period,
                yuan(c.assessment.base),
                yuan(c.assessment.employer_part),
                yuan(c.assessment.individual_part),
                yuan(c.assessment.account_credit),
                term(c.channel.value),
                c.paid_on,
            )
            for c in found
        ],
    )
    total = sum(c.assessment.total for c in every)  # the whole period's, however many rows are shown
    click.echo(
        ngettext("{count} month, {total} yuan in all", "{count} months, {total} yuan in all", len(every)).format(
            count=len(every), total=yuan(total)
        )
    )
    cut_notice(len(found), offset, more, len(every))


@contribution.command()
@click.argument("citizen_id")
@click.option("--year", type=click.IntRange(1950, 2200), required=True, help="The insurance year paid for.")
@click.option("--amount", required=True, help="Premium in yuan, e.g. 400.00.")
@click.option("--receipt", required=True, help="The tax bureau's receipt (完税凭证) number.")
@click.option("--on", "--paid-on", "paid_on", cls=OneName, type=DATE, help="Day paid (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def resident(app: App, citizen_id: str, year: int, amount: str, receipt: str, paid_on: Any, as_json: bool) -> None:
    """Record a resident's yearly premium, collected by the tax bureau."""
    from shebao.errors import InputError
    from shebao.money import parse_yuan, yuan
    from shebao.services.resident import record_resident_premium

    try:
        fen = parse_yuan(amount)
    except ValueError as error:
        raise InputError(str(error)) from None
    premium, new = record_resident_premium(app.uow(), citizen_id, year, fen, receipt, app.today, paid_on)
    if as_json:
        emit_json({"new": new, **_premium_json(premium, app.reveal)})
        return
    prefix = _("recorded") if new else _("already recorded (nothing changed)")
    click.echo(
        _("{prefix}: {mask_id} resident premium {year} {amount}").format(
            prefix=prefix, mask_id=mask_id(app.reveal, premium.citizen_id), year=premium.year, amount=yuan(premium.amount)
        )
    )


def _premium_json(p: Any, reveal: bool) -> dict[str, Any]:
    from shebao.money import yuan

    return {
        "citizen_id": mask_id(reveal, p.citizen_id),
        "year": p.year,
        "amount": yuan(p.amount),
        "receipt": p.receipt,
        "paid_on": p.paid_on.isoformat(),
        "source": p.source.value,
    }


@contribution.command("resident-import")
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def resident_import(app: App, path: Path, as_json: bool) -> None:
    """Import the tax bureau's list of resident premiums (CSV: 证件号码,姓名,缴费年度,缴费金额,完税凭证号,缴费日期).
    Exit status 1 when some rows were not applied."""
    from shebao.services.resident import import_bureau_list

    result = import_bureau_list(app.uow(), path.read_bytes(), path.name, app.today)
    if as_json:
        emit_json(
            {
                "recorded": [_premium_json(p, app.reveal) for p in result.recorded],
                "already": result.already,
                "problems": [mask_text(app.reveal, problem) for problem in result.problems],
            }
        )
    else:
        counts = ngettext(
            "{count} premium recorded, {already} already recorded",
            "{count} premiums recorded, {already} already recorded",
            len(result.recorded),
        ).format(count=len(result.recorded), already=result.already)
        click.echo(
            ngettext("{counts}, {count} problem", "{counts}, {count} problems", len(result.problems)).format(
                counts=counts, count=len(result.problems)
            )
        )
        for problem in result.problems:
            click.echo(_("problem: {mask_text}").format(mask_text=mask_text(app.reveal, problem)), err=True)
    if result.problems:
        raise click.exceptions.Exit(3)  # applied what it could; problems found


@contribution.command()
@click.argument("uscc")
@click.argument("citizen_id")
@click.option("--months", required=True, help="A month or a range: 2026-01 or 2026-01..2026-03.")
@click.option("--base", required=True, help="The contribution base the agency set, in yuan.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def assess(app: App, uscc: str, citizen_id: str, months: str, base: str, as_json: bool) -> None:
    """Assess the premiums an employer owes for an employee it never registered (Social Insurance Law art. 58)."""
    from shebao.convert import structure
    from shebao.money import yuan
    from shebao.services.arrears import AssessPremiums, assess_premiums

    first, _sep, last = months.partition("..")
    data = {"employer_uscc": uscc, "citizen_id": citizen_id, "first": first, "last": last or first, "base": base}
    assessed = assess_premiums(app.uow(), structure(data, AssessPremiums), app.today)
    if as_json:
        emit_json(
            [
                {
                    "month": str(a.period),
                    "base": yuan(a.base),
                    "employer_part": yuan(a.employer_part),
                    "individual_part": yuan(a.individual_part),
                    "total": yuan(a.total),
                }
                for a in assessed
            ]
        )
        return
    total = sum(a.total for a in assessed)
    click.echo(
        ngettext(
            "assessed {count} month for {mask_id} owed by {uscc}: {total} yuan",
            "assessed {count} months for {mask_id} owed by {uscc}: {total} yuan",
            len(assessed),
        ).format(count=len(assessed), mask_id=mask_id(app.reveal, citizen_id), uscc=uscc, total=yuan(total))
    )


def _add_prior() -> None:
    from shebao_cli.commands.fund import prior

    contribution.add_command(prior)


_add_prior()
