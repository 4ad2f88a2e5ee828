"""What an operation costs before it runs: every field selected counts once per object it may be
resolved for, so a list multiplies what is selected under it by the page size asked for (or its
default), nested lists multiplicatively. Introspection is not counted; it is bounded by the schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
)
from graphql.language import DocumentNode
from graphql.type.definition import GraphQLNamedType

# The arguments that say how many items a list field answers.
PAGE_ARGUMENTS = ("perPage", "first", "limit", "last")
# Lists without such an argument (an order's lines, a post's tags) are taken to hold this many.
ASSUMED_LIST_SIZE = 10
# A page size is never taken above this, whatever is asked (the domains clamp it too).
MAX_COUNTED_PAGE = 100


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> int:
    operation = _operation(document, operation_name)
    if operation is None:
        return 0
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    walk = _Walk(
        schema,
        {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)},
        dict(variables or {}),
    )
    return walk.selection(operation.selection_set, root, scale=1, page=None, seen=frozenset())


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((op for op in operations if op.name and op.name.value == name), None)


class _Walk:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def selection(
        self,
        selection_set: SelectionSetNode,
        parent: GraphQLNamedType,
        *,
        scale: int,
        page: int | None,
        seen: frozenset[str],
    ) -> int:
        total = 0
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                total += self.field(node, parent, scale=scale, page=page, seen=seen)
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition
                on = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selection(
                    node.selection_set, on or parent, scale=scale, page=page, seen=seen
                )
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:
                    continue
                on = self.schema.get_type(fragment.type_condition.name.value) or parent
                total += self.selection(
                    fragment.selection_set, on, scale=scale, page=page, seen=seen | {name}
                )
        return total

    def field(
        self,
        node: FieldNode,
        parent: GraphQLNamedType,
        *,
        scale: int,
        page: int | None,
        seen: frozenset[str],
    ) -> int:
        name = node.name.value
        if name.startswith("__"):
            return 0
        definition: GraphQLField | None = getattr(parent, "fields", {}).get(name)
        if definition is None or node.selection_set is None:
            return scale
        asked = self._page_size(node, definition)
        inner = scale
        if is_list_type(get_nullable_type(definition.type)):
            size = asked or page or ASSUMED_LIST_SIZE
            inner = scale * size
            asked = None
        named = get_named_type(definition.type)
        return scale + self.selection(node.selection_set, named, scale=inner, page=asked, seen=seen)

    def _page_size(self, node: FieldNode, definition: GraphQLField) -> int | None:
        given = {argument.name.value: argument.value for argument in node.arguments or ()}
        for name in PAGE_ARGUMENTS:
            if name not in definition.args:
                continue
            value: Any = definition.args[name].default_value
            if name in given:
                literal = given[name]
                if isinstance(literal, IntValueNode):
                    value = int(literal.value)
                elif isinstance(literal, VariableNode):
                    value = self.variables.get(literal.name.value, value)
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                return min(value, MAX_COUNTED_PAGE)
        return None
