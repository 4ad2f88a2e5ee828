"""GraphQL inputs for entities and the typed record filters."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from tenantry.core.errors import ValidationFailed
from tenantry.db.json_filters import Op
from tenantry.resolvers import entities

# Registered in place: the Python enum itself is the GraphQL enum, so fields annotate with it.
strawberry.enum(Op, name="RecordFilterOp")
RecordFilterOp = Op


@strawberry.input
class CreateEntityInput:
    name: str
    slug: str
    schema: JSON = strawberry.field(
        description='{"fields": [{name, type, required?, unique?, options?, entity?}], "public"?}'
    )
    description: str | None = strawberry.UNSET


@strawberry.input(description="Only the fields given change.")
class UpdateEntityInput:
    name: str | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    schema: JSON | None = strawberry.UNSET


@strawberry.input(
    description="One condition on a field. Give exactly one of value, floatValue, booleanValue, "
    "values (for IN) or jsonValue; it is read as the field's type."
)
class RecordFilterInput:
    field: str
    op: RecordFilterOp = Op.EQ
    value: str | None = None
    float_value: float | None = None
    boolean_value: bool | None = None
    values: list[str] | None = None
    json_value: JSON | None = None


def entity_data(value: CreateEntityInput | UpdateEntityInput) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in ("name", "slug", "description", "schema"):
        given = getattr(value, name, strawberry.UNSET)
        if given is not strawberry.UNSET:
            data[name] = given
    return data


def record_filters(given: list[RecordFilterInput] | None) -> list[entities.RecordFilter]:
    found = []
    for index, item in enumerate(given or []):
        candidates = [
            candidate
            for candidate in (
                item.value,
                item.float_value,
                item.boolean_value,
                item.values,
                item.json_value,
            )
            if candidate is not None
        ]
        if len(candidates) != 1:
            raise ValidationFailed.single(
                f"filter.{index}", f"The filter.{index} input needs exactly one value."
            )
        found.append(entities.RecordFilter(item.field, Op(item.op), candidates[0]))
    return found
