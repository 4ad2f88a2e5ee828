"""Limits that bound an operation's work before it runs, the same on HTTP and both WebSocket
protocols: the document's size in bytes, the number of fields it selects, how often one response
name repeats in a selection (graphql-core's overlapping-fields check is quadratic in that), and a
cost budget (see `cost`). Parsed documents and validation results are cached by text within a
byte budget, so unique documents cannot grow memory."""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    InlineFragmentNode,
    SelectionSetNode,
    parse,
)
from graphql.language import Visitor, visit
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document
from strawberry.types.graphql import OperationType

from tenantry.core.errors import DomainError, error_extensions
from tenantry.schema.cost import operation_cost
from tenantry.serving.hygiene import check_json

T = TypeVar("T")

# Per-tenant override of the budget: settings {"graphql": {"max_cost": N}}.
SETTINGS_KEY = "graphql"
# Where a connection's context counts its running subscriptions.
LIVE_KEY = "live_subscriptions"
# What stands in for a document refused unparsed, of a type the transport allows.
_PLACEHOLDERS = {
    OperationType.QUERY: parse("{ __typename }"),
    OperationType.MUTATION: parse("mutation { __typename }"),
    OperationType.SUBSCRIPTION: parse("subscription { __typename }"),
}


class TextCache(Generic[T]):
    """An LRU map from document text, bounded by the total length of the texts it keeps."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget = budget_bytes
        self.used = 0
        self.items: OrderedDict[str, T] = OrderedDict()

    def get(self, text: str) -> T | None:
        found = self.items.get(text)
        if found is not None:
            self.items.move_to_end(text)
        return found

    def put(self, text: str, value: T) -> None:
        if len(text) > self.budget // 8 or text in self.items:
            return
        self.items[text] = value
        self.used += len(text)
        while self.used > self.budget:
            dropped, _ = self.items.popitem(last=False)
            self.used -= len(dropped)


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_fields: int
    max_repeats: int
    max_cost: int
    cache_bytes: int
    max_subscriptions: int = 100


def refusal(message: str, *, code: str) -> GraphQLError:
    """An operation refused before it runs; code is the reason clients switch on."""
    return GraphQLError(message, extensions={"code": "GRAPHQL_VALIDATION_FAILED", "reason": code})


class _Shape(Visitor):
    """Counts fields, and the most times one response name is selected in one selection set
    (inline fragments included)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields = 0
        self.repeats = 0

    def enter_field(self, *_: Any) -> None:
        self.fields += 1

    def enter_selection_set(self, node: SelectionSetNode, *_: Any) -> None:
        keys: Counter[str] = Counter()
        pending = list(node.selections)
        while pending:
            selection = pending.pop()
            if isinstance(selection, FieldNode):
                keys[(selection.alias or selection.name).value] += 1
            elif isinstance(selection, InlineFragmentNode):
                pending.extend(selection.selection_set.selections)
        if keys:
            self.repeats = max(self.repeats, max(keys.values()))


def shape_error(document: DocumentNode, limits: Limits) -> GraphQLError | None:
    shape = _Shape()
    visit(document, shape)
    if shape.fields > limits.max_fields:
        return refusal(
            f"The operation selects {shape.fields} fields; at most {limits.max_fields} are "
            "allowed.",
            code="too_many_fields",
        )
    if shape.repeats > limits.max_repeats:
        return refusal(
            f"A field is selected {shape.repeats} times in one selection; at most "
            f"{limits.max_repeats} are allowed.",
            code="field_repeated",
        )
    return None


def operation_limits(limits: Limits) -> Callable[[], SchemaExtension]:
    """The extension's factory; its caches live as long as the schema that uses it."""
    parsed: TextCache[DocumentNode] = TextCache(limits.cache_bytes)
    validated: TextCache[list[GraphQLError]] = TextCache(limits.cache_bytes)
    return lambda: OperationLimits(limits, parsed, validated)


class OperationLimits(SchemaExtension):
    def __init__(
        self,
        limits: Limits,
        parsed: TextCache[DocumentNode],
        validated: TextCache[list[GraphQLError]],
    ) -> None:
        super().__init__()
        self.limits = limits
        self.parsed = parsed
        self.validated = validated
        self.refused: GraphQLError | None = None
        self.cost: tuple[int, int] | None = None
        self.live: dict[str, Any] | None = None  # the socket's extras, while counted there

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        finally:  # a subscription the client completes ends with its task cancelled
            if self.live is not None:
                self.live[LIVE_KEY] -= 1
                self.live = None

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        text = context.query or ""
        size = len(text.encode("utf-8", "surrogatepass"))  # a lone surrogate is refused later
        if context.graphql_document is None and size > self.limits.max_bytes:
            # Not parsed at all: the placeholder stands in until validation refuses it.
            self.refused = refusal(
                f"The GraphQL document exceeds {self.limits.max_bytes} bytes.",
                code="document_too_large",
            )
            allowed = context.allowed_operations
            kind = next((k for k in _PLACEHOLDERS if k in allowed), OperationType.QUERY)
            context.graphql_document = _PLACEHOLDERS[kind]
        elif context.graphql_document is None and (known := self.parsed.get(text)) is not None:
            context.graphql_document = known
        yield
        if context.graphql_document is not None and context.pre_execution_errors is None:
            self.parsed.put(text, context.graphql_document)

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if self.refused is not None or document is None:
            context.pre_execution_errors = [self.refused] if self.refused else None
            yield
            return
        text = context.query or ""
        errors = self.validated.get(text)
        if errors is None:
            found = shape_error(document, self.limits)
            rules = context.validation_rules
            errors = (
                [found] if found else validate_document(context.schema._schema, document, rules)
            )
            self.validated.put(text, errors)
        if not errors:
            errors = (
                _unstorable(context.variables)
                or self._over_budget(document)
                or self._over_socket_cap()
            )
        context.pre_execution_errors = list(errors)
        yield

    def _over_socket_cap(self) -> list[GraphQLError]:
        """A subscription counts against its socket's cap while it runs."""
        context = self.execution_context
        extras = getattr(context.context, "extras", None)
        if context.operation_type is not OperationType.SUBSCRIPTION or extras is None:
            return []
        if extras.get(LIVE_KEY, 0) >= self.limits.max_subscriptions:
            return [
                refusal(
                    f"This connection already runs {self.limits.max_subscriptions} "
                    "subscriptions; complete one first.",
                    code="too_many_subscriptions",
                )
            ]
        extras[LIVE_KEY] = extras.get(LIVE_KEY, 0) + 1
        self.live = extras
        return []

    def _over_budget(self, document: DocumentNode) -> list[GraphQLError]:
        context = self.execution_context
        cost = operation_cost(
            context.schema._schema,
            document,
            operation_name=context.operation_name,
            variables=context.variables,
        )
        budget = self._budget()
        self.cost = (cost, budget)
        if cost <= budget:
            return []
        return [
            refusal(
                f"The operation would cost {cost}; the budget is {budget}. Ask for smaller "
                "pages or fewer nested lists.",
                code="cost_exceeded",
            )
        ]

    def _budget(self) -> int:
        tenant = getattr(self.execution_context.context, "tenant", None)
        own = (getattr(tenant, "settings", None) or {}).get(SETTINGS_KEY)
        value = own.get("max_cost") if isinstance(own, dict) else None
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        return self.limits.max_cost

    def get_results(self) -> dict[str, Any]:
        # A subscription's cost is checked when it starts, not repeated on every event.
        if self.cost is None or self.execution_context.operation_type is OperationType.SUBSCRIPTION:
            return {}
        requested, budget = self.cost
        return {"cost": {"requested": requested, "budget": budget}}


def _unstorable(variables: dict[str, Any] | None) -> list[GraphQLError]:
    """Variables no column could hold (a NUL, a lone surrogate, a huge or non-finite number,
    deep nesting) are the operation's BAD_USER_INPUT before anything runs, on every transport;
    literals in the document meet the same rules in schema/literals.py."""
    try:
        check_json(variables or {})
    except DomainError as exc:
        return [GraphQLError(exc.message, extensions=error_extensions(exc))]
    return []
