"""Hostile bodies and query strings sent to write and read routes of the three dialects.

NUL bytes, lone surrogates, integers past int64, NaN and Infinity (as JSON tokens and as text),
deep nesting, long text, wrong types, empty, malformed and form-encoded bodies. The answer is
never a 5xx, and it is always the dialect's error envelope (or its success: some hostile values
are harmless text).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenantry.serving.dialects import Dialect
from tenantry.serving.services import Services
from tests.body_fuzzing import (
    JSON,
    RAW_BODIES,
    encoded,
    hostile_values,
    mutate,
    paths_of,
)
from tests.id_fuzzing import ENTITY, Callers, make_callers


@dataclass(frozen=True)
class Target:
    method: str
    path: str  # {tenant} and {slug} are filled in
    who: str  # member, secret, staff, anonymous, shop (dialect C's secret key)
    body: dict[str, Any]

    @property
    def dialect(self) -> Dialect:
        if self.path.startswith("/v1/"):
            return Dialect.COMMERCE
        if self.path.startswith("/api/{tenant}/"):
            return Dialect.PLATFORM
        return Dialect.SHOP

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


ADDRESS = {"name": "Ada", "street": "1 Main St", "city": "Springfield", "country": "US"}
POST = {"title": "Fuzz", "content": "<p>Fuzz</p>", "active": True, "body_data": {"k": "v"}}

TARGETS = [
    # dialect A
    Target("POST", "/api/{tenant}/auth/register", "anonymous", {
        "email": "fuzz@example.com", "password": "long-enough-1", "name": "Fuzz"}),
    Target("POST", "/api/{tenant}/auth/login", "anonymous", {
        "email": "fuzz@example.com", "password": "long-enough-1"}),
    Target("POST", "/api/{tenant}/cart/items", "member", {"product_id": 1, "quantity": 1}),
    Target("POST", "/api/{tenant}/orders", "member", {
        "shipping_address": {"name": "Ada", "phone": "1", "address": "x"}, "coupon_code": "X"}),
    Target("POST", "/api/{tenant}/products/fuzz/reviews", "member", {
        "rating": 5, "content": "Fine.", "title": "t"}),
    Target("POST", "/api/{tenant}/forms/fuzz/submit", "anonymous", {"data": {"name": "x"}}),
    Target("POST", "/api/{tenant}/entities/{slug}/records", "secret", {
        "data": {"company": "Fuzz"}}),
    Target("GET", "/api/{tenant}/products", "anonymous", {}),
    Target("GET", "/api/{tenant}/blog", "anonymous", {}),
    # dialect B
    Target("POST", "/v1/customers", "secret", {"email": "fuzz@example.com", "name": "Fuzz"}),
    Target("POST", "/v1/orders", "secret", {
        "items": [{"product_id": "prod_1", "quantity": 1}], "shipping_address": ADDRESS}),
    Target("POST", "/v1/payments", "secret", {
        "order_id": "ord_1", "amount": 1000, "currency": "usd",
        "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}}),
    Target("POST", "/v1/refunds", "secret", {"payment": "pay_1", "amount": 100}),
    Target("POST", "/v1/webhook_endpoints", "secret", {
        "url": "https://example.com/hook", "events": ["order.created"]}),
    Target("POST", "/v1/products", "secret", {"name": "Fuzz", "price": 100, "stock": 1}),
    Target("GET", "/v1/products", "secret", {}),
    # dialect C
    Target("POST", "/posts", "shop", {"post": POST}),
    Target("PUT", "/posts/fuzz-post", "shop", {"post": POST}),
    Target("PATCH", "/posts/fuzz-post/update_body_data", "shop", {"post": {"body_data": {"k": 1}}}),
    Target("POST", "/api/shop_auth/register", "anonymous", {
        "email": "fuzz@example.com", "password": "long-enough-1", "name": "Fuzz"}),
    Target("POST", "/api/shop_auth/login", "anonymous", {
        "email": "fuzz@example.com", "password": "long-enough-1"}),
    Target("POST", "/feedbacks.json", "anonymous", {
        "feedback": {"name": "Fuzz", "email": "fuzz@example.com", "content": "Hi"}}),
    Target("GET", "/posts", "shop", {}),
    Target("GET", "/posts/search", "shop", {}),
    Target("GET", "/lp.json", "shop", {}),
]  # fmt: skip

# The seed gives these Rails-generated endpoints their own error shapes.
RAILS_SHAPED = frozenset({"/feedbacks.json", "/lp.json"})

QUERY_NAMES = ["page", "per_page", "limit", "min_price", "category_id", "q", "query", "ids"]
QUERY_NAMES += ["a\x00"]  # a name no column could hold either


def headers_for(target: Target, callers: Callers) -> dict[str, str]:
    tokens = {
        "member": callers.member_token,
        "secret": callers.secret_key,
        "staff": callers.staff_token,
    }
    if target.dialect is Dialect.SHOP:
        shop = {"Host": callers.tenant.host}
        return {**shop, "X-API-Key": callers.secret_key} if target.who == "shop" else shop
    if target.who in tokens:
        return {"Authorization": f"Bearer {tokens[target.who]}"}
    return {}


def url_for(target: Target, callers: Callers) -> str:
    return target.path.replace("{tenant}", callers.tenant.slug).replace("{slug}", ENTITY)


def assert_envelope(target: Target, response: httpx.Response, sent: object) -> None:
    where = f"{target} with {sent!r:.300}: {response.status_code} {response.text[:600]}"
    assert response.status_code < 500, where
    if response.status_code < 400:
        return
    body = response.json()
    if target.dialect is Dialect.PLATFORM:
        assert isinstance(body.get("message"), str), where
        assert isinstance(body.get("errors", {}), dict), where
    elif target.dialect is Dialect.COMMERCE:
        assert body["error"]["type"] in ("invalid_request_error", "rate_limit_error"), where
        assert isinstance(body["error"]["message"], str), where
    elif target.path in RAILS_SHAPED and response.status_code == 422 and "msg" in body:
        assert body == {"msg": "error req"}, where  # the seed's rate-limit answer
    elif target.path in RAILS_SHAPED and "errors" in body:
        assert isinstance(body["errors"], dict), where  # ActiveModel's errors
    else:
        assert isinstance(body.get("error"), str), where
        assert body.get("success", False) is False, where


@pytest.fixture(scope="module")
async def callers(services: Services, app: Any) -> Callers:
    found = await make_callers(services)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        created = await http.post(
            "/posts",
            json={"post": {"title": "Fuzz Post", "content": "x"}},
            headers={"Host": found.tenant.host, "X-API-Key": found.secret_key},
        )
    assert created.status_code == 201, created.text
    return found


@st.composite
def requests(draw: st.DrawFn) -> tuple[Target, bytes | None, str, dict[str, str]]:
    target = draw(st.sampled_from(TARGETS))
    if target.method == "GET":
        names = draw(st.lists(st.sampled_from(QUERY_NAMES), min_size=1, max_size=3))
        query = {name: draw(hostile_values) for name in names}
        return target, None, JSON, {name: _as_text(value) for name, value in query.items()}
    if draw(st.integers(0, 4)) == 0:
        raw, content_type = draw(st.sampled_from(RAW_BODIES))
        return target, raw, content_type, {}
    path = draw(st.sampled_from([(), *paths_of(target.body)]))
    body = mutate(target.body, path, draw(hostile_values))
    return target, encoded(body), JSON, {}


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else encoded(value).decode()


@settings(
    max_examples=800,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests())
async def test_a_hostile_body_or_query_is_the_dialects_error_never_a_5xx(
    client: httpx.AsyncClient,
    callers: Callers,
    request: tuple[Target, bytes | None, str, dict[str, str]],
) -> None:
    target, body, content_type, query = request
    url = url_for(target, callers)
    if query:
        url += "?" + "&".join(
            f"{quote(k)}={quote(v, errors='surrogatepass')}" for k, v in query.items()
        )
    headers = {**headers_for(target, callers), "Content-Type": content_type}

    response = await client.request(target.method, url, content=body, headers=headers)

    assert_envelope(target, response, body if body is not None else query)
