# ruff: noqa: E501  (the operations table reads best one operation a line)
"""Hostile values sent to GraphQL mutations and queries, through variables and written into the
document as literals: NUL and lone surrogates as "\\u0000" escapes, integers past 32 and 64
bits, NaN and Infinity (as JSON tokens in variables, as text, and as literals the parser
refuses), impossible DateTimes, deep nesting and wrong types.

The answer is never a 5xx nor INTERNAL_SERVER_ERROR: a value the operation cannot take is the
client's error (BAD_USER_INPUT, or the document's own validation or parse error).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tenantry.serving.services import Services
from tests.body_fuzzing import NAN, encoded, hostile_values
from tests.id_fuzzing import ENTITY, Callers, make_callers


@dataclass(frozen=True)
class Slot:
    """An operation with one place ({x}) a hostile value goes, of the GraphQL type kind."""

    name: str
    text: str
    kind: str
    who: str = "staff"

    def __str__(self) -> str:
        return self.name


SLOTS = [
    Slot("register.name", 'mutation{{register(input:{{email:"f@example.com",password:"long-enough-1",name:{x}}}){{__typename}}}}', "String!", "anonymous"),
    Slot("register.email", 'mutation{{register(input:{{email:{x},password:"long-enough-1"}}){{__typename}}}}', "String!", "anonymous"),
    Slot("addToCart.quantity", 'mutation{{addToCart(input:{{productId:"1",quantity:{x}}}){{__typename}}}}', "Int!", "member"),
    Slot("addToCart.productId", "mutation{{addToCart(input:{{productId:{x}}}){{__typename}}}}", "ID!", "member"),
    Slot("createReview.rating", 'mutation{{createReview(slug:"fuzz",input:{{rating:{x},content:"Fine."}}){{__typename}}}}', "Int!", "member"),
    Slot("createReview.content", 'mutation{{createReview(slug:"fuzz",input:{{rating:5,content:{x}}}){{__typename}}}}', "String!", "member"),
    Slot("createShopPost.title", "mutation{{createShopPost(input:{{title:{x}}}){{__typename}}}}", "String!"),
    Slot("createShopPost.content", 'mutation{{createShopPost(input:{{title:"Fuzz",content:{x}}}){{__typename}}}}', "String"),
    Slot("createShopPost.bodyData", 'mutation{{createShopPost(input:{{title:"Fuzz",bodyData:{x}}}){{__typename}}}}', "JSON"),
    Slot("createShopPost.categoryId", 'mutation{{createShopPost(input:{{title:"Fuzz",categoryId:{x}}}){{__typename}}}}', "Int"),
    Slot("createEntityRecord.data", f'mutation{{{{createEntityRecord(slug:"{ENTITY}",data:{{x}}){{{{__typename}}}}}}}}', "JSON!"),
    Slot("submitForm.data", 'mutation{{submitForm(slug:"fuzz",data:{x}){{__typename}}}}', "JSON!", "anonymous"),
    Slot("createCoupon.startsAt", 'mutation{{createCoupon(input:{{code:"FUZZ",type:FIXED,value:1,startsAt:{x}}}){{__typename}}}}', "DateTime"),
    Slot("createCoupon.value", 'mutation{{createCoupon(input:{{code:"FUZZ",type:FIXED,value:{x}}}){{__typename}}}}', "Int!"),
    Slot("publishBlogPost.publishedAt", 'mutation{{publishBlogPost(id:"1",publishedAt:{x}){{__typename}}}}', "DateTime"),
    Slot("createForm.fields.min", 'mutation{{createForm(input:{{name:"Fuzz",fields:[{{name:"a",type:TEXT,min:{x}}}]}}){{__typename}}}}', "Float"),
    Slot("products.minPrice", "query{{products(filter:{{minPrice:{x}}}){{pageInfo{{total}}}}}}", "Int"),
    Slot("products.search", "query{{products(filter:{{search:{x}}}){{pageInfo{{total}}}}}}", "String"),
    Slot("products.perPage", "query{{products(perPage:{x}){{pageInfo{{total}}}}}}", "Int!"),
    Slot("shopPosts.page", "query{{shopPosts(page:{x}){{pageInfo{{total}}}}}}", "Int!"),
]  # fmt: skip

# What a client's mistake may be called; INTERNAL_SERVER_ERROR is the server's.
CLIENT_CODES = frozenset(
    {
        "BAD_USER_INPUT",
        "GRAPHQL_VALIDATION_FAILED",
        "GRAPHQL_PARSE_FAILED",
        "NOT_FOUND",
        "UNAUTHENTICATED",
        "FORBIDDEN",
        "CONFLICT",
        "RATE_LIMITED",
        "BAD_REQUEST",
    }
)


def literal(value: Any) -> str:
    """value written into a GraphQL document; strings escaped as JSON escapes them."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else repr(value).replace("inf", "Infinity")
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ",".join(literal(item) for item in value) + "]"
    return "{" + ",".join(f"{key}:{literal(item)}" for key, item in value.items()) + "}"


def operation(slot: Slot, value: Any, *, as_literal: bool) -> bytes:
    if as_literal:
        return encoded({"query": slot.text.format(x=literal(value))})
    head, _, rest = slot.text.partition("{{")
    text = f"{head}($x:{slot.kind}){{{{{rest}".format(x="$x")
    return encoded({"query": text, "variables": {"x": value}})


def headers_for(slot: Slot, callers: Callers) -> dict[str, str]:
    headers = {"X-Tenant": callers.tenant.slug, "Content-Type": "application/json"}
    token = {"staff": callers.staff_token, "member": callers.member_token}.get(slot.who)
    return {**headers, "Authorization": f"Bearer {token}"} if token else headers


@pytest.fixture(scope="module")
async def callers(services: Services) -> Callers:
    return await make_callers(services)


def test_every_slot_is_a_valid_operation_with_a_plain_value() -> None:
    for slot in SLOTS:
        for as_literal in (True, False):
            body = json.loads(operation(slot, "x", as_literal=as_literal))
            assert body["query"].count("{") == body["query"].count("}"), slot


@settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(slot=st.sampled_from(SLOTS), value=hostile_values, as_literal=st.booleans())
@example(slot=SLOTS[0], value="a\x00b", as_literal=True)
@example(slot=SLOTS[2], value=2**40, as_literal=True)
@example(slot=SLOTS[2], value=2**40, as_literal=False)
@example(slot=SLOTS[10], value={"company": NAN}, as_literal=False)
@example(slot=SLOTS[10], value={"company": "a\x00b"}, as_literal=True)
@example(slot=SLOTS[12], value="2030-13-45T99:99:99Z", as_literal=False)
@example(slot=SLOTS[12], value="2030-13-45T99:99:99Z", as_literal=True)
@example(slot=SLOTS[15], value="NaN", as_literal=False)
@example(slot=SLOTS[15], value=NAN, as_literal=False)
async def test_a_hostile_value_is_the_client_s_error_never_internal(
    client: httpx.AsyncClient, callers: Callers, slot: Slot, value: Any, as_literal: bool
) -> None:
    body = operation(slot, value, as_literal=as_literal)

    response = await client.post("/graphql", content=body, headers=headers_for(slot, callers))

    where = f"{slot} {'literal' if as_literal else 'variable'} {value!r:.200}: {response.text:.600}"
    assert response.status_code < 500, where
    errors = response.json().get("errors") or []
    codes = {error.get("extensions", {}).get("code") for error in errors}
    assert codes <= CLIENT_CODES, where
