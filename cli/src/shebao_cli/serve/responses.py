"""Answers rendered by the kernel's own converter, as the CLI's ``--json`` prints them.

A handler returns an attrs value (``shebao.views`` or a model type) and declares it as its
return type, so Litestar documents the answer from the attrs class. Litestar would encode the
value itself (msgspec), with its own idea of an amount in fen (a number) and of field order;
``KernelResponse`` instead hands it to ``shebao.convert.unstructure`` first, the function the
CLI prints, so an amount is the same ``"12.30"`` in both and the two cannot drift."""

from typing import Any, TypeVar

from litestar import Response
from litestar.serialization import default_serializer
from litestar.types import Serializer

T = TypeVar("T")


class KernelResponse(Response[T]):
    def render(self, content: Any, media_type: str, enc_hook: Serializer = default_serializer) -> bytes:
        if not isinstance(content, (bytes, str)):
            from shebao.convert import unstructure

            content = unstructure(content)
        return super().render(content, media_type, enc_hook)
