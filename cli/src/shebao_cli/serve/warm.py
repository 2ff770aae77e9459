"""What a worker prepares before it takes its first request.

Left to the first settlements, a fresh worker would import the store's repositories, generate
the converter's functions for each body and answer, and build the treatment places' catalogues
(20,000 items each) while every hospital that sent a bill meanwhile waited: some 30 ms after
each start, as long as 30 settlements. The server accepts connections once this is done.
"""

import functools
import inspect
import typing
from typing import Any

import attrs
from litestar import Litestar

from shebao.errors import ShebaoError
from shebao_cli.serve.service import Service

# treatment places whose catalogues are built ahead, those with most institutions first: a
# province's own pooling areas, not every region of a national directory (each catalogue
# holds its items in memory)
WARMED_CATALOGUES = 16


def warm_up(app: Litestar) -> None:
    service = app.state.service
    assert isinstance(service, Service)
    _load_repositories(service)
    _build_catalogues(service)
    _prepare_converters(app)


def _load_repositories(service: Service) -> None:
    """The unit of work imports each concern's repository on first use."""
    uow = service.uow()
    for name, member in inspect.getmembers(type(uow)):
        if isinstance(member, functools.cached_property):
            getattr(uow, name)


def _prepare_converters(app: Litestar) -> None:
    """The converter's function for every request body and answer of the routes, and for the
    attrs classes within them (each is generated when first met)."""
    from shebao.convert import converter

    answers: set[type] = set()
    bodies: set[type] = set()
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            signature = handler.parsed_fn_signature
            _attrs_classes(signature.return_type.annotation, answers)
            body = signature.parameters.get("data")
            if body is not None:
                _attrs_classes(body.annotation, bodies)
    # cattrs forgets what it had cached whenever it generates a function, a nested class's
    # too: the second round caches again what the first generated
    for _ in range(2):
        for cls in answers:
            converter.get_unstructure_hook(cls)
        for cls in bodies:
            converter.get_structure_hook(cls)


def _attrs_classes(annotation: Any, found: set[type]) -> None:
    """The attrs classes an annotation names, in unions, collections and their own fields."""
    if isinstance(annotation, type) and attrs.has(annotation) and annotation not in found:
        found.add(annotation)
        hints = typing.get_type_hints(annotation)
        for field in attrs.fields(annotation):
            _attrs_classes(hints.get(field.name, field.type), found)
    for argument in typing.get_args(annotation):
        _attrs_classes(argument, found)


def _build_catalogues(service: Service) -> None:
    """This year's catalogue of each busiest treatment place; a place no plugin gives one for
    is refused when a bill comes, as it would be without this."""
    session = service.settlement_session()
    for region in service.uow().institutions.busiest_regions(WARMED_CATALOGUES):  # a read: no transaction
        try:
            session.catalogue(region, service.today().year)
        except ShebaoError:
            continue
