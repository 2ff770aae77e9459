"""``shebao institution``: the designated institution directory: sync from plugins, search, show."""

from typing import TYPE_CHECKING, Any

import click

from shebao.i18n import _, term
from shebao_cli.app import App
from shebao_cli.output import (
    cut_notice,
    emit_json,
    emit_list,
    offset_option,
    pairs,
    table,
    window,
)
from shebao_cli.params import to_pooling_area

if TYPE_CHECKING:
    from shebao.model.institution import Institution

LEVELS = ["primary", "secondary", "tertiary"]
KINDS = ["hospital", "pharmacy"]
SERVICES = [
    "inpatient",
    "general-outpatient",
    "hypertension",
    "diabetes",
    "tumour-radio-chemo",
    "uraemia-dialysis",
    "transplant-anti-rejection",
]


def services_text(institution: "Institution") -> str:
    from shebao.model.institution import Service

    if institution.services == frozenset(Service):
        return "all"
    return ",".join(sorted(s.value for s in institution.services))


def institution_json(institution: "Institution") -> Any:
    """The institution as ``--json`` prints it and the API answers it."""
    from shebao.convert import unstructure
    from shebao.views.institutions import InstitutionView

    return unstructure(InstitutionView.of(institution))


@click.group()
def institution() -> None:
    """Designated medical institutions open for cross-province settlement."""


@institution.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def sync(app: App, as_json: bool) -> None:
    """Load the institutions the installed province plugins provide (idempotent)."""
    from shebao.services.institutions import sync_institutions

    report = sync_institutions(app.uow(), app.today)
    if as_json:
        emit_json(
            {
                "added": list(report.added),
                "changed": list(report.changed),
                "withdrawn": list(report.withdrawn),
                "unchanged": report.unchanged,
                "provinces": list(report.provinces),
            }
        )
        return
    click.echo(
        _("institutions: {count} added, {count2} changed, {count3} withdrawn, {unchanged} unchanged (provinces {value})").format(
            count=len(report.added),
            count2=len(report.changed),
            count3=len(report.withdrawn),
            unchanged=report.unchanged,
            value=", ".join(p[:2] for p in report.provinces) or _("none"),
        )
    )
    for label, codes in ((_("added"), report.added), (_("changed"), report.changed), (_("withdrawn"), report.withdrawn)):
        if codes and codes is not report.added:
            click.echo(f"{label}: {', '.join(codes)}")


@institution.command()
@click.option("--region", callback=to_pooling_area, help="Province (e.g. 44) or pooling area (e.g. 440300).")
@click.option("--level", type=click.Choice(LEVELS))
@click.option("--service", type=click.Choice(SERVICES), help="Open across provinces for this service.")
@click.option("--kind", type=click.Choice(KINDS))
@click.option("--name", help="Part of the name, or of its pinyin initials (e.g. xhyy).")
@click.option("--all", "include_withdrawn", is_flag=True, help="Include withdrawn institutions.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@offset_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def search(app: App, /, as_json: bool, **options: Any) -> None:
    """Search the directory: ordered by region, level (tertiary first), kind and code."""
    from shebao.convert import structure
    from shebao.services.institutions import SearchInstitutions, count_institutions, search_institutions

    given = {k: v for k, v in options.items() if v is not None}
    uow = app.uow()
    limit, offset = int(options["limit"]), int(options["offset"])
    found, more = window(
        lambda n, skip: search_institutions(uow, structure({**given, "limit": n, "offset": skip}, SearchInstitutions)),
        limit,
        offset,
    )
    if as_json:
        emit_list([institution_json(i) for i in found], offset, more)
        return
    table(
        [_("code"), _("name"), _("region"), _("level"), _("kind"), _("status"), _("services")],
        [(i.code, i.name, i.region, i.level_label, term(i.kind.value), term(i.status.value), services_text(i)) for i in found],
    )
    cut_notice(len(found), offset, more, count_institutions(uow, structure(given, SearchInstitutions)) if more else None)


@institution.command()
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def show(app: App, code: str, as_json: bool) -> None:
    """Show one institution."""
    from shebao.services.institutions import get_institution

    found = get_institution(app.uow(), code)
    if as_json:
        emit_json(institution_json(found))
        return
    pairs(
        [
            (_("code"), found.code),
            (_("name"), found.name),
            (_("region"), found.region),
            (_("level"), f"{term(found.level.value)} {term(found.grade.value)} ({found.level_label})"),
            (_("kind"), term(found.kind.value)),
            (_("designated"), _("yes") if found.designated else _("no")),
            (_("networked"), _("yes") if found.networked else _("no")),
            (_("status"), term(found.status.value)),
            (_("services"), ", ".join(sorted(term(s.value) for s in found.services))),
            (_("address"), found.address),
        ]
    )
