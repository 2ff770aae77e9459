"""OpenAPI schemas of the few kernel types that JSON carries as something else than their
Python shape: a citizen id is a string, a bill line an object, a price, quantity or ratio a
decimal string, an amount in fen a string of yuan. Everything else is read from the attrs
classes as they are."""

import types
import typing
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
from litestar.openapi.spec import Schema
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition

from shebao.ids import CitizenId
from shebao.model.settlement import BillLine, Quantity, Yuan
from shebao.money import Fen

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator

DECIMAL_STRING = Schema(type="string", pattern=r"^[0-9]+(\.[0-9]{1,6})?$", description="an exact decimal, as a string")  # type: ignore[arg-type]
# an amount in fen, as ``shebao.money.yuan`` writes it (the converter reads and writes it so)
YUAN = Schema(type="string", pattern=r"^-?[0-9]+\.[0-9]{2}$", description="an amount in yuan, as a string")  # type: ignore[arg-type]
RATIO = Schema(type="string", pattern=r"^-?[0-9]+(\.[0-9]+)?$", description="an exact decimal, as a string")  # type: ignore[arg-type]
CITIZEN_ID = Schema(
    type="string",  # type: ignore[arg-type]
    pattern=r"^[0-9]{17}[0-9Xx]$|^[0-9]{15}$",
    description="citizen identity number (GB 11643), also the social security number",
)


class Money:
    """Stands for ``Fen`` in the fields handed to Litestar: it unwraps a NewType before asking a
    plugin, and would document an amount as the integer of fen, not the yuan the converter writes."""


def _with_money(annotation: Any) -> Any:
    """``annotation`` with every ``Fen`` in it (``Fen | None``, ``list[Fen]``) as ``Money``."""
    if annotation is Fen:
        return Money
    arguments = typing.get_args(annotation)
    if not arguments or typing.get_origin(annotation) is typing.Literal:
        return annotation
    changed = tuple(_with_money(a) for a in arguments)
    if changed == arguments:
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return typing.Union[changed]  # noqa: UP007 (built from a tuple)
    return origin[changed]


class KernelSchemaPlugin(OpenAPISchemaPlugin):
    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return (
            field_definition.raw in (CitizenId, BillLine, Yuan, Quantity, Money)
            or field_definition.annotation in (CitizenId, BillLine, Decimal)
            or attrs.has(field_definition.annotation)
        )

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: "SchemaCreator") -> Schema:
        kind: Any = field_definition.raw
        if kind is CitizenId or field_definition.annotation is CitizenId:
            return CITIZEN_ID
        if kind in (Yuan, Quantity):
            return DECIMAL_STRING
        if kind is Money:
            return YUAN
        if attrs.has(field_definition.annotation):
            return _attrs_schema(field_definition, schema_creator)
        if field_definition.annotation is Decimal:
            return RATIO
        return Schema(
            type="object",  # type: ignore[arg-type]
            properties={
                "code": Schema(type="string"),  # type: ignore[arg-type]
                "name": Schema(type="string"),  # type: ignore[arg-type]
                "unit_price": DECIMAL_STRING,
                "quantity": DECIMAL_STRING,
            },
            required=["code", "name", "unit_price", "quantity"],
            additional_properties=False,
            title="BillLine",
        )


def _attrs_schema(field_definition: FieldDefinition, schema_creator: "SchemaCreator") -> Schema:
    """Litestar's own schema of an attrs class (``AttrsSchemaPlugin``), amounts as ``Money``."""
    hints = field_definition.get_type_hints(include_extras=True, resolve_generics=True)
    fields = attrs.fields_dict(field_definition.type_)
    return schema_creator.create_component_schema(
        field_definition,
        required=sorted(name for name, field in fields.items() if field.default is attrs.NOTHING),
        property_fields={name: FieldDefinition.from_kwarg(_with_money(hints[name]), name) for name in fields},
    )
