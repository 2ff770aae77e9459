"""``shebao person``: register, show and list insured persons."""

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from shebao.i18n import _, pgettext, term
from shebao_cli.app import App
from shebao_cli.output import (
    cut_notice,
    emit_json,
    emit_list,
    mask_id,
    mask_phone,
    offset_option,
    pairs,
    table,
    window,
)
from shebao_cli.params import FormerSpelling, Required, RequiredArgument, given_once

if TYPE_CHECKING:
    from shebao.model.person import Person

SCHEMES = ["employee", "resident"]
STATUSES = ["employed", "flexible", "individual-business", "retired", "unemployed"]


def person_json(person: "Person", reveal: bool) -> dict[str, Any]:
    return {
        "citizen_id": mask_id(reveal, person.citizen_id.number),
        "name": person.name,
        "birth_date": person.birth_date.isoformat(),
        "sex": person.sex.value,
        "birthplace": person.birthplace_code,
        "nationality": person.nationality,
        "hukou_region": person.hukou_region,
        "insured_region": person.insured_region,
        "scheme": person.scheme.value,
        "status": person.status.value,
        "phone": mask_phone(reveal, person.phone),
        "photo_on_file": person.photo_on_file,
        "registered_on": person.registered_on.isoformat(),
        "address": person.address if reveal else ("***" if person.address else None),
        "standing": person.standing.value,
    }


@click.group()
def person() -> None:
    """Insured persons."""


@person.command()
@click.argument("citizen_id", cls=RequiredArgument, unless=("former_id", "from_json"))
@click.option("--id", "former_id", cls=FormerSpelling, feeds="citizen_id", help="Former spelling of CITIZEN_ID.")
@click.option("--name", cls=Required, unless=("from_json",), help="Name as on the identity card.")
@click.option("--insured-region", cls=Required, unless=("from_json",), help="GB/T 2260 code of the insured place (参保地).")
@click.option("--scheme", type=click.Choice(SCHEMES), cls=Required, unless=("from_json",), help="Insurance scheme.")
@click.option("--status", type=click.Choice(STATUSES), cls=Required, unless=("from_json",), help="Employment status.")
@click.option("--hukou-region", help="GB/T 2260 code of the household registration (default: insured region).")
@click.option("--nationality")
@click.option("--phone")
@click.option("--photo-on-file", is_flag=True, default=None, help="A public-security photo exists.")
@click.option(
    "--from-json",
    "from_json",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Read the person from a JSON file instead.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def register(app: App, /, from_json: Path | None, as_json: bool, former_id: str | None, **options: Any) -> None:
    """Register an insured person: CITIZEN_ID is the citizen identity number (18, or legacy 15 digits)."""
    from shebao.convert import parse_json, structure
    from shebao.services.people import RegisterPerson, register_person

    if from_json is not None:
        data = parse_json(from_json.read_bytes(), str(from_json))
    else:
        options["citizen_id"] = given_once(options["citizen_id"], former_id, "--id")
        data = {key: value for key, value in options.items() if value is not None}
    command = structure(data, RegisterPerson)
    registered = register_person(app.uow(), command, app.today)
    if as_json:
        emit_json(person_json(registered, app.reveal))
    else:
        click.echo(
            _("registered {name} {mask_id} ({value}, {value2}, insured in {insured_region})").format(
                name=registered.name,
                mask_id=mask_id(app.reveal, registered.citizen_id.number),
                value=term(registered.scheme.value),
                value2=term(registered.status.value),
                insured_region=registered.insured_region,
            )
        )


@person.command()
@click.argument("citizen_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def show(app: App, citizen_id: str, as_json: bool) -> None:
    """Show one person, with account and employments."""
    from shebao.money import yuan
    from shebao.services.people import get_person

    uow = app.uow()
    found = get_person(uow, citizen_id)
    account = uow.accounts.get(found.citizen_id.number)
    employments = uow.employers.employments(citizen_id=found.citizen_id.number)
    if as_json:
        data = person_json(found, app.reveal)
        data["account_balance"] = yuan(account.balance) if account else None
        data["employments"] = [
            {
                "employer": e.employer_uscc,
                "started_on": e.started_on.isoformat(),
                "registered_on": e.registered_on.isoformat() if e.registered_on else None,
                "ended_on": e.ended_on.isoformat() if e.ended_on else None,
            }
            for e in employments
        ]
        emit_json(data)
        return
    pairs(
        [
            (pgettext("person", "name"), found.name),
            (_("citizen id"), mask_id(app.reveal, found.citizen_id.number)),
            (_("birth date"), found.birth_date.isoformat()),
            (_("sex"), term(found.sex.value)),
            (_("birthplace"), f"{found.birthplace_code} {found.citizen_id.birthplace_name()}".strip()),
            (_("nationality"), found.nationality),
            (_("hukou region"), found.hukou_region),
            (_("insured region"), found.insured_region),
            (_("scheme"), term(found.scheme.value)),
            (_("status"), term(found.status.value)),
            (_("standing"), term(found.standing.value)),
            (_("phone"), mask_phone(app.reveal, found.phone)),
            (_("registered on"), found.registered_on.isoformat()),
            (_("account balance"), yuan(account.balance) if account else _("(no individual account)")),
        ]
    )
    for e in employments:
        ended = _(" ended {ended_on}").format(ended_on=e.ended_on) if e.ended_on else ""
        click.echo(
            _("employment     {employer_uscc} from {started_on} registered {value}{ended}").format(
                employer_uscc=e.employer_uscc, started_on=e.started_on, value=e.registered_on or _("NOT YET"), ended=ended
            )
        )


@person.command("list")
@click.option("--insured-region", help="Only persons insured in this region.")
@click.option("--status", type=click.Choice(STATUSES))
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@offset_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def list_(app: App, insured_region: str | None, status: str | None, limit: int, offset: int, as_json: bool) -> None:
    """List registered persons."""
    from shebao.model.person import Status

    region = None
    if insured_region:
        from shebao import plugins  # loads the plugins: only when a region is to be checked

        region = plugins.region(insured_region).code
    persons = app.uow().persons
    found, more = window(lambda n, skip: persons.search(region, Status(status) if status else None, n, skip), limit, offset)
    if as_json:
        emit_list([person_json(p, app.reveal) for p in found], offset, more)
        return
    table(
        [_("citizen id"), pgettext("person", "name"), _("sex"), _("born"), _("insured"), _("scheme"), _("status")],
        [
            (
                mask_id(app.reveal, p.citizen_id.number),
                p.name,
                term(p.sex.value),
                p.birth_date,
                p.insured_region,
                term(p.scheme.value),
                term(p.status.value),
            )
            for p in found
        ],
    )
    cut_notice(len(found), offset, more)


def _add_record_commands() -> None:
    from shebao_cli.commands.person_record import COMMANDS

    for command in COMMANDS:
        person.add_command(command)


_add_record_commands()


def _add_entitlement() -> None:
    from shebao_cli.commands.fund import entitlement

    person.add_command(entitlement)


_add_entitlement()
