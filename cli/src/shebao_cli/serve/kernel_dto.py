"""Request bodies read by the kernel's own converter, documented from the kernel's attrs types.

Litestar would decode an attrs class itself (through msgspec), with its own messages. A
``KernelDTO[T]`` instead hands the body to the kernel's reader for ``T`` — the same cattrs
converter and checks as the CLI, so a bad field is reported with the CLI's message and path —
while the OpenAPI document still describes ``T`` from its attrs fields.
"""

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from litestar.dto import AbstractDTO, DTOFieldDefinition
from litestar.typing import FieldDefinition

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.openapi.spec import Reference, Schema

T = TypeVar("T")


def read_with_converter(data: Any, cls: type[T]) -> T:
    from shebao.convert import structure

    return structure(data, cls)


class KernelDTO(AbstractDTO[T], Generic[T]):
    """Subclass with ``reader`` set: how a JSON value becomes ``model_type`` (the converter by default)."""

    reader: ClassVar[Callable[..., Any] | None] = None

    @classmethod
    def generate_field_definitions(cls, model_type: type[Any]) -> Generator[DTOFieldDefinition, None, None]:
        yield from ()  # the kernel's converter builds the object; no transfer model is needed

    @classmethod
    def detect_nested_field(cls, field_definition: FieldDefinition) -> bool:
        return False

    @classmethod
    def create_for_field_definition(cls, field_definition: FieldDefinition, handler_id: str, backend_cls: Any = None) -> None:
        if field_definition.name != "data":
            raise TypeError("a KernelDTO reads request bodies only")

    @classmethod
    def create_openapi_schema(
        cls, field_definition: FieldDefinition, handler_id: str, schema_creator: "SchemaCreator"
    ) -> "Reference | Schema":
        return schema_creator.for_field_definition(FieldDefinition.from_annotation(cls.model_type))

    def decode_bytes(self, value: bytes) -> Any:
        from shebao.convert import parse_json

        return self.decode_builtins(parse_json(value, "request body"))

    def decode_builtins(self, value: Any) -> Any:
        reader = type(self).reader
        if reader is not None:
            return reader(value)
        return read_with_converter(value, self.model_type)
