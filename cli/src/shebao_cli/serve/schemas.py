"""OpenAPI schemas of the few kernel types that JSON carries as something else than their
Python shape: a citizen id is a string, a bill line an object, a price or quantity a decimal
string. Everything else is read from the attrs classes as they are."""

from typing import TYPE_CHECKING, Any

from litestar.openapi.spec import Schema
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition

from shebao.ids import CitizenId
from shebao.model.settlement import BillLine, Quantity, Yuan

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator

DECIMAL_STRING = Schema(type="string", pattern=r"^[0-9]+(\.[0-9]{1,6})?$", description="an exact decimal, as a string")  # type: ignore[arg-type]
CITIZEN_ID = Schema(
    type="string",  # type: ignore[arg-type]
    pattern=r"^[0-9]{17}[0-9Xx]$|^[0-9]{15}$",
    description="citizen identity number (GB 11643), also the social security number",
)


class KernelSchemaPlugin(OpenAPISchemaPlugin):
    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return field_definition.raw in (CitizenId, BillLine, Yuan, Quantity) or field_definition.annotation in (
            CitizenId,
            BillLine,
        )

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: "SchemaCreator") -> Schema:
        kind: Any = field_definition.raw
        if kind is CitizenId or field_definition.annotation is CitizenId:
            return CITIZEN_ID
        if kind in (Yuan, Quantity):
            return DECIMAL_STRING
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
