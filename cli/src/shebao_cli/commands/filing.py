"""``shebao filing``: off-site (cross-province) medical treatment filing."""

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from shebao.i18n import _, term
from shebao_cli.app import App
from shebao_cli.output import (
    cut_notice,
    emit_json,
    emit_list,
    mask_id,
    offset_option,
    pairs,
    table,
    window,
)
from shebao_cli.params import DATE, OneName, to_pooling_area
from shebao_cli.printing import document_output_options, write_document

if TYPE_CHECKING:
    from shebao.model.filing import Filing

CATEGORIES = ["retiree-resettled", "permanent-resident", "long-term-worker", "referral", "emergency", "other-temporary"]
FILING_CHANNELS = ["counter", "national-app", "online"]
DOCUMENTS = ["residence-certificate", "personal-commitment", "card-and-copy", "referral-form", "admission-note"]


def filing_json(filing: "Filing", reveal: bool, today: Any) -> dict[str, Any]:
    from shebao.convert import unstructure
    from shebao.views.records import FilingView

    return dict(unstructure(FilingView.of(filing, reveal, today)))  # the API's answer too


def _validity(filing: "Filing") -> str:
    return (
        _("{starts_on} to {ends_on}").format(starts_on=filing.starts_on, ends_on=filing.ends_on)
        if filing.ends_on
        else _("from {starts_on} until changed").format(starts_on=filing.starts_on)
    )


@click.group()
def filing() -> None:
    """Off-site medical treatment filing with the insured place."""


@filing.command()
@click.argument("citizen_id")
@click.option("--category", type=click.Choice(CATEGORIES), required=True)
@click.option(
    "--region", "treatment_region", required=True, callback=to_pooling_area, help="GB/T 2260 code of the treatment place."
)
@click.option("--document", "documents", multiple=True, type=click.Choice(DOCUMENTS), help="A document handed in (repeat).")
@click.option("--institution", "institutions", multiple=True, help="Code of a chosen designated institution (repeat).")
@click.option("--from", "starts_on", type=DATE, help="First day covered (default: today).")
@click.option(
    "--to",
    "--until",
    "ends_on",
    cls=OneName,
    type=DATE,
    help="Last day covered (temporary filings; default: the policy's cycle).",
)
@click.option("--inpatient", is_flag=True, default=None, help="In hospital now: the admission note is required.")
@click.option("--address", help="Residence address at the treatment place.")
@click.option(
    "--via",
    "channel",
    type=click.Choice(FILING_CHANNELS),
    help="Where it was made.  [default: counter]",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def apply(app: App, /, citizen_id: str, as_json: bool, **options: Any) -> None:
    """Apply for a filing; answered with the fact where none is needed."""
    from shebao.convert import structure, unstructure
    from shebao.model.filing import FilingNotNeeded
    from shebao.services.filings import ApplyFiling, apply_filing

    data = {key: value for key, value in options.items() if value is not None and value != ()}
    data = {key: unstructure(value) for key, value in data.items()}
    data["citizen_id"] = citizen_id
    result = apply_filing(app.uow(), structure(data, ApplyFiling), app.today)
    if isinstance(result, FilingNotNeeded):
        if as_json:
            emit_json({"filing_needed": False, "reason": result.reason})
        else:
            click.echo(result.reason)
        return
    if as_json:
        emit_json(filing_json(result, app.reveal, app.today))
        return
    click.echo(
        _("filing {id} applied: {value} to {treatment_region}, {validity}, institutions {value2}").format(
            id=result.id,
            value=term(result.category.value),
            treatment_region=result.treatment_region,
            validity=_validity(result),
            value2=", ".join(result.institutions) or _("(none chosen)"),
        )
    )


@filing.command()
@click.argument("filing_id")
@click.option("--institution", "institutions", multiple=True, help="Chosen institution (repeat); replaces the applied ones.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def approve(app: App, filing_id: str, institutions: tuple[str, ...], as_json: bool) -> None:
    """Approve a filing after review; refused naming every problem found."""
    from shebao.services.filings import ApproveFiling, approve_filing

    approved = approve_filing(app.uow(), ApproveFiling(filing_id, institutions or None), app.today)
    if as_json:
        emit_json(filing_json(approved, app.reveal, app.today))
        return
    scope = ", ".join(approved.institutions) or _("every networked institution of {treatment_region}").format(
        treatment_region=approved.treatment_region
    )
    click.echo(
        _("filing {id} approved: {validity}; institutions: {scope}").format(
            id=approved.id, validity=_validity(approved), scope=scope
        )
    )


@filing.command()
@click.argument("filing_id")
@click.option("--reason", "reasons", multiple=True, help="Why (repeat); default: the problems the review finds.")
@click.pass_obj
def reject(app: App, filing_id: str, reasons: tuple[str, ...]) -> None:
    """Reject a filing, with reasons."""
    from shebao.services.filings import RejectFiling, reject_filing

    rejected = reject_filing(app.uow(), RejectFiling(filing_id, reasons), app.today)
    click.echo(_("filing {id} rejected: {reasons}").format(id=rejected.id, reasons="; ".join(rejected.reasons)))


@filing.command()
@click.argument("filing_id")
@click.option("--reason", default="revoked at the person's request", show_default=True)
@click.pass_obj
def revoke(app: App, filing_id: str, reason: str) -> None:
    """Revoke an approved filing from today (long-term: after the change lock)."""
    from shebao.services.filings import RevokeFiling, revoke_filing

    revoked = revoke_filing(app.uow(), RevokeFiling(filing_id, reason), app.today)
    click.echo(
        _("filing {id} revoked from {ended_on}: {end_reason}").format(
            id=revoked.id, ended_on=revoked.ended_on, end_reason=revoked.end_reason
        )
    )


@filing.command()
@click.argument("filing_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def show(app: App, filing_id: str, as_json: bool) -> None:
    """Show a filing with its result and chosen institutions."""
    from shebao.services.filings import get_filing
    from shebao.services.institutions import find_institution

    uow = app.uow()
    found = get_filing(uow, filing_id)
    chosen = [(code, find_institution(uow, code)) for code in found.institutions]
    if as_json:
        data = filing_json(found, app.reveal, app.today)
        data["institutions"] = [{"code": c, "name": i.name if i else None} for c, i in chosen]
        emit_json(data)
        return
    pairs(
        [
            (_("filing"), found.id),
            (_("citizen id"), mask_id(app.reveal, found.citizen_id)),
            (_("category"), f"{term(found.category.value)} ({found.category.label})"),
            (_("insured region"), found.insured_region),
            (_("treatment region"), found.treatment_region),
            (_("address"), found.address),
            (_("documents"), ", ".join(sorted(term(d.value) for d in found.documents))),
            (_("inpatient"), _("yes") if found.inpatient else _("no")),
            (_("applied on"), found.applied_on.isoformat()),
            (_("validity"), _validity(found)),
            (_("state"), term(found.state_on(app.today).value)),
            (_("decided on"), found.decided_on.isoformat() if found.decided_on else ""),
            (_("reasons"), "; ".join(found.reasons)),
            (_("ended"), f"{found.ended_on} ({found.end_reason})" if found.ended_on else ""),
        ]
    )
    if found.decided_on is not None and found.city_wide:
        click.echo(
            _("institutions      every networked institution of {treatment_region}").format(
                treatment_region=found.treatment_region
            )
        )
    for code, institution in chosen:
        click.echo(
            _("institution       {code} {value}").format(
                code=code, value=institution.name if institution else _("(not in the directory)")
            )
        )


@filing.command("list")
@click.argument("citizen_id", required=False)
@click.option("--state", type=click.Choice(["applied", "approved", "rejected", "revoked"]))
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@offset_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def list_(app: App, citizen_id: str | None, state: str | None, limit: int, offset: int, as_json: bool) -> None:
    """A person's filings, or every filing (optionally in one state)."""
    from shebao.model.filing import FilingState
    from shebao.services.filings import filings_of

    uow = app.uow()
    if citizen_id:
        own = [f for f in filings_of(uow, citizen_id) if state is None or f.state.value == state]
        found, more = own[offset : offset + limit], len(own) > offset + limit
    else:
        found, more = window(lambda n, skip: uow.filings.search(FilingState(state) if state else None, n, skip), limit, offset)
    if as_json:
        emit_list([filing_json(f, app.reveal, app.today) for f in found], offset, more)
        return
    table(
        [_("filing"), _("citizen id"), _("category"), _("to"), _("validity"), _("state"), _("institutions")],
        [
            (
                f.id,
                mask_id(app.reveal, f.citizen_id),
                term(f.category.value),
                f.treatment_region,
                _validity(f),
                term(f.state_on(app.today).value),
                ",".join(f.institutions) or (_("city-wide") if f.decided_on else ""),
            )
            for f in found
        ],
    )
    if citizen_id:
        total: int | None = len(own)
    else:
        total = uow.filings.count(FilingState(state) if state else None) if more else None
    cut_notice(len(found), offset, more, total)


@filing.command()
@click.argument("citizen_id")
@click.option("--region", "treatment_region", required=True, callback=to_pooling_area, help="Treatment place (GB/T 2260).")
@click.option("--institution", help="Institution code (default: ask about date and region only).")
@click.option("--on", "on", type=DATE, help="Day of treatment (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def covers(app: App, citizen_id: str, treatment_region: str, institution: str | None, on: Any, as_json: bool) -> None:
    """Whether a filing covers treatment on a day, in a region, at an institution."""
    from shebao.services.filings import covering_filing

    day = on or app.today
    found = covering_filing(app.uow(), citizen_id, treatment_region, institution, day)
    if as_json:
        from shebao.convert import unstructure
        from shebao.views.records import FilingCover

        emit_json(unstructure(FilingCover.of(found, day)))
        return
    where = f"{treatment_region}" + (_(" at {institution}").format(institution=institution) if institution else "")
    if found is None:
        click.echo(_("not covered: no approved filing covers treatment in {where} on {day}").format(where=where, day=day))
    else:
        click.echo(
            _("covered by filing {id} ({value}, {validity}) in {where} on {day}").format(
                id=found.id, value=term(found.category.value), validity=_validity(found), where=where, day=day
            )
        )


@filing.command()
@click.argument("filing_id")
@document_output_options()
@click.pass_obj
def form(app: App, filing_id: str, format_: str, out: Path | None, force: bool) -> None:
    """Print the filing approval form (异地就医备案表)."""
    from shebao.services.filings import approval_form

    write_document(app, approval_form(app.uow(), filing_id, app.today, reveal=app.reveal), format_, out, force)
