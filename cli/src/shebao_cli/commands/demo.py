"""``shebao demo``: tell the system's story on a fresh database."""

import tempfile
from pathlib import Path

import click

from shebao.i18n import _


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the demo database and printed forms (default: a new temporary folder).",
)
def demo(out: Path | None) -> None:
    """Run the whole story of shebao on a fresh database, printing each step."""
    from shebao_cli.demo import tell

    folder = out or Path(tempfile.mkdtemp(prefix="shebao-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "demo.db"
    for stale in (db, db.with_name("demo.db-wal"), db.with_name("demo.db-shm")):
        stale.unlink(missing_ok=True)
    click.echo(_("shebao demo: database and forms in {folder}").format(folder=folder))
    tell(db, folder)
    click.echo(
        click.style(_("\nThe demo is complete. Database and forms: {folder}").format(folder=folder), fg="green", bold=True)
    )
