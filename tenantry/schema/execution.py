"""Execution of plain scalar fields without the per-field machinery.

Most of a page's fields are attributes copied into a Strawberry object (`name`, `price`, ...):
no resolver, no arguments, a scalar or enum type. graphql-core would build a resolve info, a
path, call Strawberry's wrapper, check awaitability and walk the type to complete each one. For
those fields this context reads the attribute and serializes it directly. Anything unusual — a
null for a non-null type, a value the scalar refuses, an awaitable — goes the standard way, which
reads the attribute again and reports the error exactly as graphql-core would.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable
from typing import Any, NamedTuple

from graphql import (
    GraphQLObjectType,
    is_leaf_type,
    is_non_null_type,
)
from graphql.execution.collect_fields import GroupedFieldSet
from graphql.pyutils import AwaitableOrValue, Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

# Values of these types are never awaitable, so the awaitability check can be skipped.
_PLAIN = frozenset({str, int, float, bool, dict, list, datetime.datetime, datetime.date})
_PLAIN |= {decimal.Decimal}


class LeafField(NamedTuple):
    attribute: str
    coerce: Callable[[Any], Any]
    non_null: bool


_plans: dict[GraphQLObjectType, dict[str, LeafField]] = {}


def leaf_fields(parent_type: GraphQLObjectType) -> dict[str, LeafField]:
    """The type's fields that are plain attributes of a leaf type, by field name."""
    found = _plans.get(parent_type)
    if found is not None:
        return found
    found = {}
    for name, field in parent_type.fields.items():
        definition = field.extensions.get("strawberry-definition")
        if definition is None or field.args or not getattr(field.resolve, "_is_default", False):
            continue
        non_null = is_non_null_type(field.type)
        named = field.type.of_type if non_null else field.type
        if is_leaf_type(named) and definition.python_name:
            found[name] = LeafField(definition.python_name, named.coerce_output_value, non_null)
    _plans[parent_type] = found
    return found


class FastLeavesExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        manager = self.middleware_manager
        if manager is not None and manager._middleware_resolvers is not None:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        leaves = leaf_fields(parent_type)
        if not leaves:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        rest: GroupedFieldSet = {}
        for response_name, details in grouped_field_set.items():
            leaf = leaves.get(details[0].node.name.value)
            if leaf is None:
                rest[response_name] = details
                continue
            try:
                value = getattr(source_value, leaf.attribute)
                if value is None:
                    if leaf.non_null:
                        rest[response_name] = details
                    else:
                        results[response_name] = None
                    continue
                if type(value) not in _PLAIN and self.is_awaitable(value):
                    rest[response_name] = details
                    continue
                serialized = leaf.coerce(value)
            except Exception:
                rest[response_name] = details
                continue
            if serialized is Undefined or serialized is None:
                rest[response_name] = details
            else:
                results[response_name] = serialized
        if not rest:
            return results
        completed = super().execute_fields(parent_type, source_value, path, rest, position_context)
        return _merge(grouped_field_set, results, completed)


def _merge(
    order: GroupedFieldSet,
    leaves: dict[str, Any],
    completed: AwaitableOrValue[dict[str, Any]],
) -> AwaitableOrValue[dict[str, Any]]:
    # Keep the response's keys in the document's order, as the standard execution does.
    def ordered(others: dict[str, Any]) -> dict[str, Any]:
        merged = {}
        for name in order:
            if name in leaves:
                merged[name] = leaves[name]
            elif name in others:
                merged[name] = others[name]
        return merged

    if isinstance(completed, dict):
        return ordered(completed)

    async def later() -> dict[str, Any]:
        return ordered(await completed)

    return later()
