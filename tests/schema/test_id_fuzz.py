"""Every id-taking GraphQL query and mutation field, fed ids no row can have and ids no row has.

The fields are found by walking the schema: arguments of type ID (or lists of it), `idOrSlug`
arguments, and input fields named `id`/`…Id`/`…Ids` at any depth. The answer is never
INTERNAL_SERVER_ERROR: it is NOT_FOUND, or BAD_USER_INPUT naming the field where the id is
a reference inside a validated input; an ID argument naming the row the field is about is
NOT_FOUND whatever the text, like a deleted row. (Subscriptions parse their ids with the same
functions; they travel over a websocket and are left to tests/schema/chat.)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    Undefined,
    get_named_type,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenantry.core.ids import MAX_ID, as_id
from tenantry.schema import build_schema
from tenantry.serving.hygiene import text_problem
from tenantry.serving.services import Services
from tests.id_fuzzing import ENTITY, Callers, make_callers, raw_ids

MISSING = str(MAX_ID)  # an id no row has, for the id arguments not under test

# Arguments that refer to another row rather than name the one the field is about: an id no row
# can have is the field's BAD_USER_INPUT there, as a reference to a missing row is.
REFERENCES = frozenset(
    {
        ("assignCoupon", "memberId"),
        ("assignConversation", "staffId"),
        ("addToWishlist", "productId"),
        ("addToWishlist", "variantId"),
        ("toggleWishlist", "productId"),
        ("toggleWishlist", "variantId"),
        ("createSubscription", "planId"),
        ("createSubscriptionCheckout", "planId"),
        ("saveSubscriptionPlan", "input"),
        ("availableSlots", "serviceId"),
        ("availableSlots", "staffId"),
        ("availableDates", "serviceId"),
        ("availableDates", "staffId"),
        ("reservationStaffs", "serviceId"),
    }
)
CURSORS = frozenset({("chatMessages", "after")})  # 0, or the id of a message

# Who calls: the member owns wishlists, carts, reviews, lessons and conversations; staff (an
# admin, also an agent) everything else.
AS_MEMBER = frozenset(
    {
        "inWishlist",
        "addToWishlist",
        "toggleWishlist",
        "updateWishlistNote",
        "removeFromWishlist",
        "moveWishlistToCart",
        "addToCart",
        "updateCartItem",
        "removeFromCart",
        "updateReview",
        "deleteReview",
        "markReviewHelpful",
        "lesson",
        "completeLesson",
        "updateLessonProgress",
        "chatConversation",
        "chatMessages",
        "sendChatMessage",
        "closeChatConversation",
        "setChatTyping",
        "toggleCommentLike",
        "createSubscription",
        "createSubscriptionCheckout",
        "hasProductAccess",
    }
)

# Values for the arguments around the one under test, by name, then by type.
STRINGS = {
    "slug": ENTITY,
    "courseSlug": ENTITY,
    "contentBase64": "ZnV6eg==",
    "filename": "fuzz.txt",
    "email": "fuzz@example.com",
    "code": "FUZZ",
    "url": "https://example.com/fuzz.png",
}
SCALARS: dict[str, Any] = {
    "ID": MISSING,
    "Int": 1,
    "Float": 1.0,
    "Boolean": True,
    "String": "Fuzz",
    "DateTime": "2030-01-01T00:00:00Z",
    "Date": "2030-01-01",
    "JSON": {},
}


@dataclass(frozen=True)
class Slot:
    """One place an id goes: an argument of a field, or a field of an input inside it."""

    operation: str  # query or mutation
    field: str
    path: tuple[str, ...]  # argument name, then input field names
    scalar: str  # ID, Int or String
    many: bool  # a list of ids

    @property
    def names_the_row(self) -> bool:
        """An ID argument naming the row the field is about: NOT_FOUND whatever the text."""
        return (
            self.scalar == "ID"
            and len(self.path) == 1
            and not self.many
            and (self.field, self.path[0]) not in REFERENCES | CURSORS
        )

    def refuses(self, raw: Any) -> bool:
        """Whether raw must be answered with an error: an ID no row can have (a cursor may be
        0, and Int filters only match nothing)."""
        cursor = (self.field, self.path[0]) in CURSORS
        return self.scalar == "ID" and not cursor and as_id(raw) is None

    def __str__(self) -> str:
        return f"{self.field}({'.'.join(self.path)})"


def _is_id(name: str, kind: GraphQLInputType) -> str | None:
    named = get_named_type(kind)
    if not isinstance(named, GraphQLScalarType):
        return None
    if named.name == "ID" or (named.name == "String" and name == "idOrSlug"):
        return named.name
    if named.name == "Int" and (name == "id" or name.endswith(("Id", "Ids"))):
        return named.name
    return None


def _many(kind: GraphQLInputType) -> bool:
    while isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    return isinstance(kind, GraphQLList)


def _inside(
    kind: GraphQLInputType, path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], str, bool]]:
    named = get_named_type(kind)
    if not isinstance(named, GraphQLInputObjectType) or len(path) > 3:
        return
    for name, field in named.fields.items():
        scalar = _is_id(name, field.type)
        if scalar:
            yield (*path, name), scalar, _many(field.type)
        else:
            yield from _inside(field.type, (*path, name))


def slots(schema: GraphQLSchema) -> Iterator[Slot]:
    for operation, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        assert root is not None
        for field_name, field in root.fields.items():
            for arg_name, arg in field.args.items():
                scalar = _is_id(arg_name, arg.type)
                if scalar:
                    yield Slot(operation, field_name, (arg_name,), scalar, _many(arg.type))
                    continue
                for path, kind, many in _inside(arg.type, (arg_name,)):
                    yield Slot(operation, field_name, path, kind, many)


SCHEMA = build_schema()._schema
SLOTS = sorted(slots(SCHEMA), key=str)


def fill(kind: GraphQLInputType, name: str) -> Any:
    """A valid value for a required argument or input field around the one under test."""
    if isinstance(kind, GraphQLNonNull):
        return fill(kind.of_type, name)
    if isinstance(kind, GraphQLList):
        return [fill(kind.of_type, name)]
    if isinstance(kind, GraphQLInputObjectType):
        return {
            field_name: fill(field.type, field_name)
            for field_name, field in kind.fields.items()
            if isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined
        }
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    assert isinstance(kind, GraphQLScalarType)
    return STRINGS.get(name, SCALARS[kind.name]) if kind.name == "String" else SCALARS[kind.name]


def _placed(value: Any, kind: GraphQLInputType, path: tuple[str, ...], raw: Any) -> Any:
    """value with raw put at path (into every element of a list of inputs on the way)."""
    while isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    if not path:
        return [raw] if isinstance(kind, GraphQLList) else raw
    if isinstance(kind, GraphQLList):
        return [_placed(item, kind.of_type, path, raw) for item in value or [{}]]
    assert isinstance(kind, GraphQLInputObjectType)
    head, *rest = path
    inner = dict(value or {})
    inner[head] = _placed(inner.get(head), kind.fields[head].type, tuple(rest), raw)
    return inner


def operation_for(slot: Slot, raw: Any) -> tuple[str, dict[str, Any]]:
    root = SCHEMA.query_type if slot.operation == "query" else SCHEMA.mutation_type
    assert root is not None
    field = root.fields[slot.field]
    variables: dict[str, Any] = {}
    for name, arg in field.args.items():
        required = isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined
        if name == slot.path[0]:
            variables[name] = _placed(fill(arg.type, name), arg.type, slot.path[1:], raw)
        elif required:
            variables[name] = fill(arg.type, name)
    declared = ", ".join(f"${name}: {field.args[name].type}" for name in variables)
    passed = ", ".join(f"{name}: ${name}" for name in variables)
    returned = get_named_type(field.type)
    selection = " { __typename }" if isinstance(returned, GraphQLObjectType) else ""
    text = f"{slot.operation} Fuzz({declared}) {{ {slot.field}({passed}){selection} }}"
    return text, variables


@pytest.fixture(scope="module")
async def callers(services: Services) -> Callers:
    return await make_callers(services)


def test_the_walk_finds_the_id_arguments_of_every_kind() -> None:
    found = {str(slot) for slot in SLOTS}
    assert {
        "boardPost(id)",
        "assignCoupon(memberId)",
        "setRelatedProducts(relatedIds)",
        "addToCart(input.productId)",
        "setBundleItems(items.productId)",
        "comments(target.postId)",
        "shopPost(idOrSlug)",
        "landingPages(categoryId)",
    } <= found
    assert {(slot.field, slot.path[0]) for slot in SLOTS} >= REFERENCES | CURSORS


def values_for(slot: Slot) -> st.SearchStrategy[Any]:
    if slot.scalar == "Int":  # GraphQL's Int is 32-bit: the parser refuses anything larger
        return st.integers(min_value=-(2**31), max_value=2**31 - 1)
    return raw_ids


@pytest.mark.parametrize("slot", SLOTS, ids=str)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
async def test_an_id_that_names_no_row_is_not_found_or_the_field_s_error(
    client: httpx.AsyncClient, callers: Callers, slot: Slot, data: st.DataObject
) -> None:
    raw = data.draw(values_for(slot), label="raw")
    text, variables = operation_for(slot, raw)
    token = callers.member_token if slot.field in AS_MEMBER else callers.staff_token
    headers = {"X-Tenant": callers.tenant.slug, "Authorization": f"Bearer {token}"}

    response = await client.post(
        "/graphql", json={"query": text, "variables": variables}, headers=headers
    )

    where = f"{slot} with {raw!r}: {response.status_code} {response.text}"
    assert response.status_code == 200, where
    errors = response.json().get("errors") or []
    codes = [error.get("extensions", {}).get("code") for error in errors]
    assert set(codes) <= {"NOT_FOUND", "BAD_USER_INPUT"}, where
    if isinstance(raw, str) and text_problem(raw) is not None:
        # Text no column could hold is refused with the variables, before any field runs.
        assert codes == ["BAD_USER_INPUT"], where
    elif slot.names_the_row and as_id(raw) is None:
        assert codes == ["NOT_FOUND"], where
    elif slot.refuses(raw):
        assert codes, where
