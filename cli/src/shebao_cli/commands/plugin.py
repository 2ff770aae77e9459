"""``shebao plugin``: for plugin authors. ``new`` writes a plugin distribution to start
from; ``check`` runs the kernel's conformance checks on installed plugins.

(``shebao plugins`` lists what is loaded; this group is for writing and checking one.)
"""

from pathlib import Path
from typing import TYPE_CHECKING

import click

from shebao.i18n import _, ngettext
from shebao_cli.app import App
from shebao_cli.output import emit_json, table
from shebao_cli.params import Required

if TYPE_CHECKING:
    from shebao_cli.scaffold import PluginNames


@click.group()
def plugin() -> None:
    """Write a new plugin, or check an installed one against what the kernel needs."""


@plugin.command()
@click.option("--family", type=click.Choice(["province", "bank", "printer"]), required=True, help="Which hooks it implements.")
@click.option(
    "--province", "province_code", cls=Required, when=("family", "province"), help="The GB/T 2260 province code, e.g. 44."
)
@click.option("--title", help="Bank plugins: the bank's name as payers read it (default: NAME).")
@click.argument("name")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def new(family: str, province_code: str | None, title: str | None, name: str, directory: Path) -> None:
    """Write plugin NAME of FAMILY as an installable distribution in DIRECTORY.

    NAME is the plugin's name in `shebao plugins` and SHEBAO_LOAD_PLUGINS; the
    distribution is shebao-NAME, the import package shebao_NAME.
    """
    from shebao import plugins as facade
    from shebao.errors import InputError
    from shebao_cli import scaffold

    try:
        names = scaffold.PluginNames.parse(name)
    except ValueError as error:
        raise InputError(str(error)) from None
    if facade.plugin_manager().get_plugin(name) is not None:
        raise InputError(
            _("a plugin named {name!r} is already loaded (see `shebao plugins`): choose another name").format(name=name)
        )
    values = _family_values(family, names, province_code, title)
    try:
        written = scaffold.write(directory, scaffold.render(family, names, values))
    except ValueError as error:
        raise InputError(str(error)) from None
    click.echo(
        _("wrote {distribution} ({family} plugin {name!r}) in {directory}:").format(
            distribution=names.distribution, family=family, name=name, directory=directory
        )
    )
    for path in written:
        click.echo(f"  {path.relative_to(directory)}")
    click.echo(_("next: fill the values marked FILL, then"))
    click.echo(
        _("  pip install -e {directory}  &&  shebao plugins  &&  shebao plugin check {name}").format(
            directory=directory, name=name
        )
    )


def _family_values(family: str, names: "PluginNames", province_code: str | None, title: str | None) -> dict[str, str]:
    from shebao import plugins as facade
    from shebao.conformance.provinces import is_gb2260_code, province_name, region_name
    from shebao.errors import InputError

    code = names.name.replace("_", "-")
    if family == "province":
        if not province_code:
            raise InputError(_("a province plugin needs --province, the GB/T 2260 province code (e.g. 44)"))
        digits = province_code.strip()[:2]
        if not (province_code.strip() in (digits, digits + "0000") and digits.isdigit() and is_gb2260_code(digits + "0000")):
            raise InputError(
                _("--province {province_code!r} is not a GB/T 2260 province code (two digits, e.g. 44)").format(
                    province_code=province_code
                )
            )
        served = facade.regions()
        installed = served.get(digits + "0000")
        name = installed.name if installed is not None else province_name(digits)
        city = digits + "0100"  # every province's first prefecture-level code (its capital, or 市辖区)
        city_region = served.get(city)
        city_name = city_region.name if city_region is not None else region_name(city)
        return {
            "province": digits,
            "province_name": name,
            "city": city,
            "city_name": city_name,
            "description": f"{name} policy for shebao (province plugin).",
        }
    if len(code) > 24:
        what = "channel code" if family == "bank" else "format name"
        raise InputError(_("a {family} plugin's name becomes its {what}: at most 24 characters").format(family=family, what=what))
    if family == "bank":
        if code in facade.payment_channels():
            raise InputError(_("channel {code!r} is already offered by a loaded plugin: choose another name").format(code=code))
        return {
            "channel": code,
            "channel_name": title or code,
            "description": f"Payment channel {code} for shebao (bank plugin).",
        }
    if code in facade.document_formats():
        raise InputError(_("format {code!r} is already offered by a loaded plugin: choose another name").format(code=code))
    return {"format": code, "description": f"Document format {code} for shebao (printer plugin)."}


@plugin.command()
@click.argument("names", nargs=-1)
@click.option("--year", type=int, help="The policy year asked for (default: the year of --today).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def check(app: App, names: tuple[str, ...], year: int | None, as_json: bool) -> None:
    """Check installed plugins NAMES (default: every loaded one); exit 1 on any problem."""
    from shebao import conformance
    from shebao import plugins as facade

    chosen = list(names) or [info.name for info in facade.plugin_infos()]
    results = [(name, conformance.checks_for(name), conformance.check_plugin(name, year or app.today.year)) for name in chosen]
    found = sum(len(problems) for _, _, problems in results)
    if as_json:
        emit_json(
            {
                "plugins": [
                    {
                        "name": name,
                        "checks": checks,
                        "problems": [{"where": p.where, "message": p.message, "check": p.check} for p in problems],
                    }
                    for name, checks, problems in results
                ],
                "problems": found,
            }
        )
    else:
        for name, checks, problems in results:
            if not problems:
                click.echo(
                    ngettext("{name}: conforms ({count} check)", "{name}: conforms ({count} checks)", len(checks)).format(
                        name=name, count=len(checks)
                    )
                )
                continue
            click.echo(
                ngettext("{name}: {count} problem", "{name}: {count} problems", len(problems)).format(
                    name=name, count=len(problems)
                )
            )
            table([_("where"), _("problem"), _("check")], [(p.where, p.message, p.check) for p in problems])
    if found:
        raise click.exceptions.Exit(1)
