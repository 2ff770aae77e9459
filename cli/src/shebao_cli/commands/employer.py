"""``shebao employer``: register employers, hire employees, list late registrations."""

from typing import TYPE_CHECKING, Any

import click

from shebao.i18n import _, ngettext, term
from shebao_cli.app import App
from shebao_cli.output import (
    cut,
    cut_notice,
    emit_json,
    emit_list,
    limit_option,
    mask_id,
    offset_option,
    table,
)
from shebao_cli.params import DATE, OneName

if TYPE_CHECKING:
    from shebao.rules.registration import OverdueRegistration


@click.group()
def employer() -> None:
    """Employers and the employees they register."""


@employer.command()
@click.option("--uscc", required=True, help="Unified social credit code.")
@click.option("--name", required=True)
@click.option("--region", required=True, help="GB/T 2260 code where the employer is insured.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def register(app: App, /, as_json: bool, **options: Any) -> None:
    """Register an employer."""
    from shebao.convert import structure
    from shebao.services.people import RegisterEmployer, register_employer

    registered = register_employer(app.uow(), structure(options, RegisterEmployer), app.today)
    if as_json:
        emit_json({"uscc": registered.uscc, "name": registered.name, "region": registered.region})
    else:
        click.echo(
            _("registered employer {name} {uscc} in {region}").format(
                name=registered.name, uscc=registered.uscc, region=registered.region
            )
        )


@employer.command("list")
@limit_option()
@offset_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def list_(app: App, limit: int, offset: int, as_json: bool) -> None:
    """List registered employers with their number of employments."""
    uow = app.uow()
    every = list(uow.employers.all())
    employers, more = cut(every, limit, offset)
    rows = [(e, len(uow.employers.employments(employer_uscc=e.uscc))) for e in employers]
    if as_json:
        emit_list(
            [
                {
                    "uscc": e.uscc,
                    "name": e.name,
                    "region": e.region,
                    "registered_on": e.registered_on.isoformat(),
                    "employments": n,
                }
                for e, n in rows
            ],
            offset,
            more,
        )
        return
    table(
        [_("uscc"), _("name"), _("region"), _("registered"), _("employments")],
        [(e.uscc, e.name, e.region, e.registered_on, n) for e, n in rows],
    )
    cut_notice(len(rows), offset, more, len(every))


def _report(app: App, flag: "OverdueRegistration | None", what: str) -> None:
    if flag is None:
        click.echo(_("{what}: registered within 30 days").format(what=what))
    else:
        click.echo(
            ngettext(
                "{what}: FLAGGED {value}, {days_late} day past the deadline {deadline}",
                "{what}: FLAGGED {value}, {days_late} days past the deadline {deadline}",
                flag.days_late,
            ).format(what=what, value=term(flag.state.value), days_late=flag.days_late, deadline=flag.deadline)
        )


@employer.command()
@click.argument("uscc")
@click.argument("citizen_id")
@click.option("--on", "--start", "started_on", cls=OneName, type=DATE, required=True, help="First day of employment.")
@click.option(
    "--register/--report-only", default=True, help="Register for insurance today (default), or only report the employment."
)
@click.pass_obj
def hire(app: App, uscc: str, citizen_id: str, started_on: Any, register: bool) -> None:
    """Record an employment and register the employee for insurance."""
    from shebao.convert import structure
    from shebao.services.people import HireEmployee, hire_employee

    command = structure(
        {"employer_uscc": uscc, "citizen_id": citizen_id, "started_on": started_on.isoformat(), "register": register},
        HireEmployee,
    )
    employment, flag = hire_employee(app.uow(), command, app.today)
    what = _("{mask_id} started {started_on}").format(
        mask_id=mask_id(app.reveal, employment.citizen_id), started_on=employment.started_on
    )
    if register:
        _report(app, flag, what)
    else:
        click.echo(
            _("{what}: reported, registration owed by {deadline}").format(what=what, deadline=_deadline(employment.started_on))
        )


def _deadline(started_on: Any) -> str:
    from shebao.rules.registration import registration_deadline

    return registration_deadline(started_on).isoformat()


@employer.command("register-employee")
@click.argument("uscc")
@click.argument("citizen_id")
@click.pass_obj
def register_employee(app: App, uscc: str, citizen_id: str) -> None:
    """Register a reported employment whose registration is still owed."""
    from shebao.services.people import register_employment

    employment, flag = register_employment(app.uow(), uscc, citizen_id, app.today)
    _report(
        app,
        flag,
        _("{mask_id} started {started_on}").format(
            mask_id=mask_id(app.reveal, employment.citizen_id), started_on=employment.started_on
        ),
    )


@employer.command()
@click.option("--on", "--as-of", "as_of", cls=OneName, type=DATE, help="Judge deadlines on this date (default: today).")
@click.option("--employer", "uscc", help="Only this employer.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def overdue(app: App, as_of: Any, uscc: str | None, as_json: bool) -> None:
    """List registrations made late or still missing past the 30-day deadline."""
    from shebao.services.people import overdue as find_overdue

    day = as_of or app.today
    found = find_overdue(app.uow(), day, uscc)
    rows = [
        {
            "employer": o.employment.employer_uscc,
            "citizen_id": mask_id(app.reveal, o.employment.citizen_id),
            "started_on": o.employment.started_on.isoformat(),
            "deadline": o.deadline.isoformat(),
            "registered_on": o.employment.registered_on.isoformat() if o.employment.registered_on else None,
            "state": o.state.value,
            "days_late": o.days_late,
        }
        for o in found
    ]
    if as_json:
        emit_json({"as_of": day.isoformat(), "overdue": rows})
        return
    click.echo(_("registrations late or missing as of {day}:").format(day=day))
    table(
        [_("employer"), _("citizen id"), _("started"), _("deadline"), _("registered"), _("state"), _("days late")],
        [
            (
                r["employer"],
                r["citizen_id"],
                r["started_on"],
                r["deadline"],
                r["registered_on"] or "-",
                r["state"],
                r["days_late"],
            )
            for r in rows
        ],
    )


@employer.command()
@click.argument("uscc")
@click.argument("citizen_id")
@click.option("--on", "on", type=DATE, required=True, help="Last day of the employment.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def leave(app: App, uscc: str, citizen_id: str, on: Any, as_json: bool) -> None:
    """End an employment (减员)."""
    from shebao.services.record import end_employment

    ended = end_employment(app.uow(), uscc, citizen_id, on, app.today)
    if as_json:
        emit_json(
            {
                "employer": ended.employer_uscc,
                "citizen_id": mask_id(app.reveal, ended.citizen_id),
                "started_on": ended.started_on.isoformat(),
                "ended_on": ended.ended_on.isoformat() if ended.ended_on else None,
            }
        )
    else:
        click.echo(
            _("employment of {mask_id} with {employer_uscc} from {started_on} ended on {ended_on}").format(
                mask_id=mask_id(app.reveal, ended.citizen_id),
                employer_uscc=ended.employer_uscc,
                started_on=ended.started_on,
                ended_on=ended.ended_on,
            )
        )


@employer.command()
@click.argument("uscc", required=False)
@click.option("--on", "--as-of", "as_of", cls=OneName, type=DATE, help="Judge what is due on this date (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def arrears(app: App, uscc: str | None, as_of: Any, as_json: bool) -> None:
    """List months due and unpaid per employee (a month's premium is due within the month)."""
    from shebao.money import yuan
    from shebao.services.arrears import employer_arrears

    day = as_of or app.today
    found = employer_arrears(app.uow(), day, uscc)
    rows = [
        {
            "employer": a.employer_uscc,
            "citizen_id": mask_id(app.reveal, a.citizen_id),
            "months": [str(m) for m in a.months],
            "assessed": yuan(a.assessed),
        }
        for a in found
    ]
    if as_json:
        emit_json({"as_of": day.isoformat(), "arrears": rows})
        return
    click.echo(_("months due and unpaid as of {day}:").format(day=day))
    table(
        [_("employer"), _("citizen id"), _("months"), _("unpaid months"), _("assessed")],
        [(r["employer"], r["citizen_id"], len(r["months"]), _ranges(r["months"]), r["assessed"]) for r in rows],
    )


def _ranges(months: Any) -> str:
    return ", ".join(months) if len(months) <= 3 else f"{months[0]} … {months[-1]}"


@employer.command()
@click.argument("uscc")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def payments(app: App, uscc: str, as_json: bool) -> None:
    """The employer's payment record: premiums remitted by month, and assessments."""
    from shebao.money import yuan
    from shebao.services.arrears import employer_payments

    record = employer_payments(app.uow(), uscc)
    months: dict[str, list[Any]] = {}
    for c in record.paid:
        months.setdefault(str(c.period), []).append(c)
    paid = [
        {
            "month": month,
            "employees": len(items),
            "employer_part": yuan(sum(c.assessment.employer_part for c in items)),
            "individual_part": yuan(sum(c.assessment.individual_part for c in items)),
            "total": yuan(sum(c.assessment.total for c in items)),
        }
        for month, items in months.items()
    ]
    assessed = [
        {
            "month": str(a.period),
            "citizen_id": mask_id(app.reveal, a.citizen_id),
            "base": yuan(a.base),
            "total": yuan(a.total),
            "assessed_on": a.assessed_on.isoformat(),
        }
        for a in record.assessed
    ]
    if as_json:
        emit_json({"employer": uscc, "paid": paid, "assessed": assessed})
        return
    table(
        [_("month"), _("employees"), _("employer part"), _("individual part"), _("total")],
        [(p["month"], p["employees"], p["employer_part"], p["individual_part"], p["total"]) for p in paid],
    )
    if assessed:
        click.echo(_("assessed by the agency:"))
        table(
            [_("month"), _("citizen id"), _("base"), _("total"), _("assessed on")],
            [(a["month"], a["citizen_id"], a["base"], a["total"], a["assessed_on"]) for a in assessed],
        )
