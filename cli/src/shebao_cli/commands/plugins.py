"""``shebao plugins``: what is loaded, with hooks, distributions, channels and formats."""

import click

from shebao.i18n import _
from shebao_cli.output import emit_json, table


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def plugins(as_json: bool) -> None:
    """List every loaded plugin with its hooks and distribution."""
    from shebao import plugins as facade

    infos = facade.plugin_infos()
    formats = facade.document_formats()
    channels = facade.payment_channels()
    if as_json:
        emit_json(
            {
                "plugins": [
                    {
                        "name": i.name,
                        "hooks": list(i.hooks),
                        "distribution": i.distribution,
                        "version": i.version,
                        "broken": i.broken,
                    }
                    for i in infos
                ],
                "formats": [{"name": f.name, "extension": f.extension, "description": f.description} for f in formats.values()],
                "channels": [{"code": c.code, "name": c.name, "kind": c.kind.value} for c in channels.values()],
            }
        )
        return
    table(
        [_("plugin"), _("distribution"), _("hooks")],
        [
            (
                i.name + (_(" (BROKEN)") if i.broken else ""),
                f"{i.distribution} {i.version}" if i.distribution else "",
                _("failed to import: {broken}").format(broken=i.broken) if i.broken else ", ".join(i.hooks),
            )
            for i in infos
        ],
    )
    click.echo()
    click.echo(_("formats:  ") + (", ".join(sorted(formats)) or _("(none)")))
    for name, found in sorted(formats.items()):
        click.echo(f"  {name:<6} {_(found.description)}")  # a printer's words, in the catalogue
    click.echo(_("channels: ") + (", ".join(sorted(channels)) or _("(none)")))
