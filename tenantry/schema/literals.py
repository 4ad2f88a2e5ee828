"""Values written into the document itself bypass the variables' check (view.py): the same
hygiene rules, applied to every string and integer literal, and to the nesting of object and
list literals (a JSON argument), answer BAD_USER_INPUT before anything runs, on every
transport."""

from __future__ import annotations

from typing import Any

from graphql import (
    ArgumentNode,
    GraphQLError,
    IntValueNode,
    ListValueNode,
    Node,
    ObjectFieldNode,
    ObjectValueNode,
    StringValueNode,
    ValidationRule,
)
from graphql.language.visitor import SKIP, VisitorAction

from tenantry.core.errors import DomainError, ValidationFailed, error_extensions
from tenantry.serving.hygiene import MAX_DEPTH, TooDeep, number_problem, text_problem


class StorableLiterals(ValidationRule):
    # The visitor passes (node, key, parent, path, ancestors); the parent is not an ancestor.
    def enter_string_value(self, node: StringValueNode, *args: Any) -> None:
        problem = text_problem(node.value)
        if problem is not None:
            self._refuse(node, [*args[3], args[1]], problem)

    def enter_int_value(self, node: IntValueNode, *args: Any) -> None:
        problem = number_problem(int(node.value))
        if problem is not None:
            self._refuse(node, [*args[3], args[1]], problem)

    def enter_object_value(self, node: ObjectValueNode, *args: Any) -> VisitorAction:
        return self._nested(node, [*args[3], args[1]])

    def enter_list_value(self, node: ListValueNode, *args: Any) -> VisitorAction:
        return self._nested(node, [*args[3], args[1]])

    def _nested(self, node: Node, ancestors: list[Any]) -> VisitorAction:
        depth = sum(isinstance(a, ObjectValueNode | ListValueNode) for a in ancestors)
        if depth < MAX_DEPTH:
            return None
        self._report(node, TooDeep())
        return SKIP

    def _refuse(self, node: Node, ancestors: list[Any], problem: str) -> None:
        name = _name(ancestors)
        self._report(node, ValidationFailed.single(name, f"The {name} field {problem}."))

    def _report(self, node: Node, exc: DomainError) -> None:
        self.report_error(GraphQLError(exc.message, node, extensions=error_extensions(exc)))


def _name(ancestors: list[Any]) -> str:
    """input.email: the argument and input fields the literal sits in."""
    names = [a.name.value for a in ancestors if isinstance(a, ArgumentNode | ObjectFieldNode)]
    return ".".join(names) or "value"
