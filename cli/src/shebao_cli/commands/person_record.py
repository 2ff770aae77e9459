"""``shebao person update|retire|stop|resume|transfer|died|history|rights``: keep the record
current, and print what it holds."""

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from shebao.i18n import _, term
from shebao_cli.app import App
from shebao_cli.output import emit_json, mask_id, mask_phone, table
from shebao_cli.params import DATE, OneName
from shebao_cli.printing import document_output_options, write_document

if TYPE_CHECKING:
    from shebao.model.person import Person
    from shebao.model.register import PersonEvent


def _done(app: App, what: str, person: "Person", as_json: bool) -> None:
    from shebao_cli.commands.person import person_json

    if as_json:
        emit_json(person_json(person, app.reveal))
    else:
        click.echo(
            _("{what}: {name} {mask_id} ({value}, {value2}, {value3}; insured place {insured_region})").format(
                what=what,
                name=person.name,
                mask_id=mask_id(app.reveal, person.citizen_id.number),
                value=term(person.scheme.value),
                value2=term(person.status.value),
                value3=term(person.standing.value),
                insured_region=person.insured_region,
            )
        )


@click.command()
@click.argument("citizen_id")
@click.option("--name")
@click.option("--phone")
@click.option("--address")
@click.option("--hukou-region", help="GB/T 2260 code of the household registration.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def update(app: App, /, citizen_id: str, as_json: bool, **fields: Any) -> None:
    """Correct a person's name, phone, address or household region."""
    from shebao.services.record import UpdateDetails, update_person

    details = UpdateDetails(**fields)
    _done(app, _("updated"), update_person(app.uow(), citizen_id, details, app.today), as_json)


@click.command()
@click.argument("citizen_id")
@click.option("--on", "on", type=DATE, required=True, help="Day of retirement.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def retire(app: App, citizen_id: str, on: dt.date, as_json: bool) -> None:
    """Record a retirement (open employments end the day before)."""
    from shebao.services.record import retire_person

    _done(app, _("retired"), retire_person(app.uow(), citizen_id, on, app.today), as_json)


@click.command()
@click.argument("citizen_id")
@click.option("--on", "on", type=DATE, required=True, help="First day not insured.")
@click.option("--reason", required=True, help="Why the insurance stops (停保).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def stop(app: App, citizen_id: str, on: dt.date, reason: str, as_json: bool) -> None:
    """Stop the insurance from a day (停保)."""
    from shebao.services.record import stop_insurance

    _done(app, _("stopped"), stop_insurance(app.uow(), citizen_id, on, reason, app.today), as_json)


@click.command()
@click.argument("citizen_id")
@click.option("--on", "on", type=DATE, required=True, help="First day insured again.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def resume(app: App, citizen_id: str, on: dt.date, as_json: bool) -> None:
    """Resume a stopped insurance (续保)."""
    from shebao.services.record import resume_insurance

    _done(app, _("resumed"), resume_insurance(app.uow(), citizen_id, on, app.today), as_json)


@click.command()
@click.argument("citizen_id")
@click.option(
    "--insured-region", "--to", "to_region", cls=OneName, required=True, help="GB/T 2260 code of the new insured place."
)
@click.option("--on", "on", type=DATE, required=True, help="First day insured there.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def transfer(app: App, citizen_id: str, to_region: str, on: dt.date, as_json: bool) -> None:
    """Transfer the insurance to another pooling area (转移接续); account and contribution years follow."""
    from shebao.services.record import transfer_person

    _done(app, _("transferred"), transfer_person(app.uow(), citizen_id, to_region, on, app.today), as_json)


@click.command()
@click.argument("citizen_id")
@click.option("--on", "on", type=DATE, required=True, help="Date of death.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def died(app: App, citizen_id: str, on: dt.date, as_json: bool) -> None:
    """Record a death: the insurance ends that day."""
    from shebao.services.record import record_death

    _done(app, _("recorded death"), record_death(app.uow(), citizen_id, on, app.today), as_json)


def event_json(event: "PersonEvent", reveal: bool) -> dict[str, Any]:
    def hidden(key: str, value: Any) -> Any:
        if reveal or not value:
            return value
        return mask_phone(False, value) if key == "phone" else "***" if key == "address" else value

    def shown(values: dict[str, Any]) -> dict[str, Any]:
        return {key: hidden(key, value) for key, value in values.items()}

    return {
        "change": event.change.value,
        "effective_on": event.effective_on.isoformat(),
        "recorded_on": event.recorded_on.isoformat(),
        "insured_region": event.state.insured_region,
        "scheme": event.state.scheme.value,
        "status": event.state.status.value,
        "standing": event.state.standing.value,
        "reason": event.reason,
        "before": shown(event.before),
        "after": shown(event.after),
    }


@click.command()
@click.argument("citizen_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def history(app: App, citizen_id: str, as_json: bool) -> None:
    """Every change of the person's record, and the insurance periods they make."""
    from shebao.rules.register import insurance_periods
    from shebao.services.record import history as person_history

    events = person_history(app.uow(), citizen_id)
    periods = insurance_periods(events)
    if as_json:
        emit_json(
            {
                "events": [event_json(e, app.reveal) for e in events],
                "periods": [
                    {
                        "insured_region": p.insured_region,
                        "scheme": p.scheme.value,
                        "first_day": p.first_day.isoformat(),
                        "last_day": p.last_day.isoformat() if p.last_day else None,
                        "ended_by": p.ended_by.value if p.ended_by else None,
                    }
                    for p in periods
                ],
            }
        )
        return
    table(
        [_("effective"), _("recorded"), _("change"), _("insured"), _("status"), _("standing"), _("reason / before → after")],
        [
            (
                e.effective_on,
                e.recorded_on,
                term(e.change.value),
                e.state.insured_region,
                term(e.state.status.value),
                term(e.state.standing.value),
                " ".join(part for part in (e.reason, _before_after(event_json(e, app.reveal))) if part),
            )
            for e in events
        ],
    )
    for p in periods:
        end = p.last_day.isoformat() if p.last_day else _("now")
        ended = _(" (ended by {value})").format(value=p.ended_by.value) if p.ended_by else ""
        click.echo(
            _("insured in {insured_region} ({value}) from {first_day} to {end}{ended}").format(
                insured_region=p.insured_region, value=term(p.scheme.value), first_day=p.first_day, end=end, ended=ended
            )
        )


def _before_after(data: dict[str, Any]) -> str:
    return "; ".join(f"{key} {data['before'].get(key)} → {value}" for key, value in data["after"].items())


@click.command()
@click.argument("citizen_id")
@click.option("--year", type=click.IntRange(1950, 2200), required=True, help="The year of the record.")
@document_output_options()
@click.pass_obj
def rights(app: App, citizen_id: str, year: int, format_: str, out: Path | None, force: bool) -> None:
    """Print the personal rights record (个人权益记录) of a year: insurance periods, contributions
    by month and part, account credits and debits, settlements."""
    from shebao.documents.rights import rights_record_document
    from shebao.services.rights import rights_record

    record = rights_record(app.uow(), citizen_id, year, app.today)
    write_document(app, rights_record_document(record, app.today), format_, out, force)


COMMANDS = [update, retire, stop, resume, transfer, died, history, rights]
