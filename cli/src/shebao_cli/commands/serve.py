"""``shebao serve``: the JSON API and the self-service pages over HTTP (uvicorn)."""

import click

from shebao.i18n import ngettext
from shebao_cli.app import App


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Server processes.")
@click.pass_obj
def serve(app: App, host: str, port: int, workers: int) -> None:
    """Serve /api/v1/ (hospitals, counters, auditors: `shebao token create`), the self-service
    pages for insured persons (/), /healthz, and the OpenAPI document (/openapi.json, /docs)."""
    import os

    import uvicorn

    from shebao.store.database import open_database

    open_database(app.db_target).close()  # create or upgrade the database once, before the workers start
    # each worker process builds the application from these (``app_from_environment``)
    os.environ["SHEBAO_DB"] = str(app.db_target)
    if app.today_given is not None:
        os.environ["SHEBAO_TODAY"] = app.today_given.isoformat()
    # the API answers programs: its messages stay English whatever the desktop's locale,
    # unless SHEBAO_LANG asks for another language
    os.environ.setdefault("SHEBAO_LANG", "en")
    serving = ngettext(
        "shebao serving {db} on http://{host}:{port}/ ({workers} worker)",
        "shebao serving {db} on http://{host}:{port}/ ({workers} workers)",
        workers,
    )
    click.echo(serving.format(db=app.db_label, host=host, port=port, workers=workers), err=True)
    uvicorn.run(
        "shebao_cli.serve.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )
