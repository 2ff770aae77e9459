"""The ASGI application: the API, the self-service pages, /healthz and the OpenAPI document."""

import datetime as dt
import os
from pathlib import Path
from typing import Any

from litestar import Litestar, Request, get
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.response import Redirect

from shebao_cli.serve.api import api_router, service_of
from shebao_cli.serve.gathered import gather_answers
from shebao_cli.serve.problems import EXCEPTION_HANDLERS
from shebao_cli.serve.schemas import KernelSchemaPlugin
from shebao_cli.serve.service import Service
from shebao_cli.serve.warm import warm_up

VERSION = "0.1.0"


@get("/healthz", summary="Alive, and the database readable (nothing is written)", sync_to_thread=False)
def healthz(request: Request[Any, Any, Any]) -> dict[str, str]:
    service = service_of(request)
    service.db.execute("SELECT count(*) FROM persons WHERE 1 = 0").fetchone()
    return {"status": "ok"}


@get("/openapi.json", include_in_schema=False, sync_to_thread=False, media_type="application/vnd.oai.openapi+json")
def openapi_document(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """The OpenAPI document at the address clients look for first (also at /schema/openapi.json)."""
    return request.app.openapi_schema.to_schema()


@get("/docs", include_in_schema=False, sync_to_thread=False)
def docs() -> Redirect:
    return Redirect("/schema")


def create_app(db_path: Path | str, today: dt.date | None = None, announce: bool = False) -> Litestar:
    from shebao_cli.serve.pages import TEMPLATES, pages_router

    service = Service(db_path, today)
    return Litestar(
        route_handlers=[healthz, openapi_document, docs, api_router(), pages_router()],
        template_config=TEMPLATES,
        exception_handlers=EXCEPTION_HANDLERS,
        on_startup=[gather_answers, warm_up, service.start, *([_announce] if announce else [])],
        on_shutdown=[lambda: service.close()],
        openapi_config=OpenAPIConfig(
            title="shebao",
            version=VERSION,
            description="Direct settlement, off-site filing and records, for hospitals, counters and insured persons.",
            path="/schema",  # the browsable docs; "/" is the self-service pages' home
            render_plugins=[SwaggerRenderPlugin(path="/")],
            components=Components(
                security_schemes={"token": SecurityScheme(type="http", scheme="bearer", description="shebao token create")}
            ),
        ),
        plugins=[KernelSchemaPlugin()],
        state=State({"service": service}),
        debug=False,
    )


def _announce() -> None:
    """One line per worker once it serves: what an operator (and the command's test) waits for."""
    import sys

    print(f"shebao serve: worker {os.getpid()} ready", file=sys.stderr, flush=True)


def app_from_environment() -> Litestar:
    """For ``uvicorn --factory`` in each worker process: the database and clock from the environment."""
    from shebao.store.database import default_target

    today = os.environ.get("SHEBAO_TODAY")
    return create_app(default_target(), dt.date.fromisoformat(today) if today else None, announce=True)
