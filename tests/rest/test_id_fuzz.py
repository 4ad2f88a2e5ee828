"""Every id-taking REST path of the three dialects, fed ids no row can have and ids no row has.

The answer is always the dialect's not-found: 404 `{"message", "code"}` in A, 404
`resource_missing` in B, 404 `{"success": false, "error"}` (or the landing pages' `{"error"}`)
in C. Never a 500, and never a validation answer that would tell an impossible id from a deleted
row.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from starlette.routing import BaseRoute, Mount, Route

from tenantry.core import ids
from tenantry.rest import routes
from tenantry.serving.dialects import Dialect, classify
from tenantry.serving.services import Services
from tests.id_fuzzing import ENTITY, Callers, make_callers, path_ids

# Path parameters that carry a row id (or, in C, an id or a slug) ...
ID_PARAMS = frozenset({"id", "item", "review", "post", "media", "execution_id"})
# ... and those that carry something else: a slug, an order number, a download token, a social
# login provider's key.
OTHER_PARAMS = frozenset(
    {"tenant", "slug", "board", "order_number", "number", "token", "page_slug", "provider"}
)


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str

    @property
    def dialect(self) -> Dialect:
        return classify(self.path.replace("{tenant}", "t")).dialect

    @property
    def id_param(self) -> str:
        [name] = [name for name in ID_PARAMS if "{" + name + "}" in self.path]
        return name

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def endpoints(table: Sequence[BaseRoute], prefix: str = "") -> Iterator[Endpoint]:
    """The (method, path) pairs of a route table whose path takes an id."""
    for route in table:
        if isinstance(route, Mount):
            yield from endpoints(route.routes, prefix + route.path)
        elif isinstance(route, Route) and set(route.param_convertors) & ID_PARAMS:
            for method in sorted((route.methods or set()) - {"HEAD"}):
                yield Endpoint(method, prefix + route.path)


# The app mounts these tables at these prefixes; the first test checks that against the app.
ENDPOINTS = sorted(
    endpoints(
        [
            Mount("/api/{tenant}", routes=routes.platform_routes()),
            Mount("/v1", routes=routes.commerce_routes()),
            *routes.shop_routes(),
        ]
    ),
    key=str,
)

# Who calls: the member owns carts, wishlists, reviews, courses and conversations; agents work
# the chat inbox; the secret key may do everything else. Longest prefix first.
AS_MEMBER = (
    "/cart/",
    "/wishlist/",
    "/reviews/",
    "/my/",
    "/chat/conversations/",
    "/comments/{id}/like",
)
AS_AGENT = ("/chat/agent/",)

# A body that is valid wherever the id would be, so that the id decides the answer.
BODIES: dict[str, Any] = {
    "/cart/items/{item}": {"quantity": 1},
    "/wishlist/{id}": {"note": "fuzz"},
    "/reviews/{review}": {"rating": 5, "content": "Fine."},
    "/posts/{post}": {"title": "Fuzz", "content": "Fuzz"},
    "/posts/{post}/comments": {"content": "Fuzz", "author_name": "Fuzz"},
    "/comments/{id}": {"content": "Fuzz"},
    "/my/courses/{slug}/lessons/{id}/progress": {"seconds_watched": 10},
    "/entities/{slug}/records/{id}": {"company": "Fuzz"},
    "/chat/conversations/{id}/messages": {"content": "Fuzz"},
    "/chat/conversations/{id}/typing": {"is_typing": True},
    "/chat/agent/conversations/{id}/messages": {"content": "Fuzz"},
    "/v1/products/{id}": {"name": "Fuzz"},
    "/v1/orders/{id}": {"metadata": {}},
    "/v1/customers/{id}": {"name": "Fuzz"},
    "/posts/{id}": {"post": {"title": "Fuzz"}},
    "/posts/{id}/update_body_data": {"post": {"body_data": {"color": "red"}}},
}


def headers_for(endpoint: Endpoint, callers: Callers) -> dict[str, str]:
    if endpoint.dialect is Dialect.SHOP:
        return {"Host": callers.tenant.host, "X-API-Key": callers.secret_key}
    path = endpoint.path.removeprefix("/api/{tenant}")
    if path.startswith(AS_AGENT):
        token = callers.staff_token
    elif path.startswith(AS_MEMBER):
        token = callers.member_token
    else:
        token = callers.secret_key
    return {"Authorization": f"Bearer {token}"}


def url_for(endpoint: Endpoint, callers: Callers, raw: str) -> str:
    values = {"tenant": callers.tenant.slug, "slug": ENTITY, endpoint.id_param: raw}
    path = endpoint.path
    for name, value in values.items():
        path = path.replace("{" + name + "}", quote(value, safe=""))
    return path


def body_for(endpoint: Endpoint) -> Any:
    if endpoint.method in ("GET", "DELETE"):
        return None
    path = endpoint.path.removeprefix("/api/{tenant}")
    return BODIES.get(path, {})


def assert_not_found(endpoint: Endpoint, raw: str, response: httpx.Response) -> None:
    where = f"{endpoint} with {raw!r}: {response.status_code} {response.text}"
    assert response.status_code == 404, where
    body = response.json()
    if endpoint.dialect is Dialect.PLATFORM:
        assert set(body) == {"message", "code"}, where
        assert isinstance(body["message"], str), where
        assert body["code"] == "resource_missing", where
    elif endpoint.dialect is Dialect.COMMERCE:
        error = body["error"]
        assert error["type"] == "invalid_request_error", where
        assert error["code"] == "resource_missing", where
    else:
        assert isinstance(body["error"], str), where
        assert body.get("success", False) is False, where
        # the Rails-shaped landing pages answer the seed's {"error"} without a code
        assert body.get("code", "resource_missing") == "resource_missing", where


@pytest.fixture(scope="module")
async def callers(services: Services) -> Callers:
    return await make_callers(services)


def test_the_fuzz_covers_every_id_path_of_the_app(app: Any) -> None:
    every = {
        name
        for route in app.routes
        for sub in ([route] if not isinstance(route, Mount) else route.routes)
        if isinstance(sub, Route)
        for name in sub.param_convertors
    }
    assert every <= ID_PARAMS | OTHER_PARAMS | {"path"}, "classify the new path parameter"
    assert sorted(endpoints(app.routes), key=str) == ENDPOINTS
    assert {endpoint.dialect for endpoint in ENDPOINTS} == {
        Dialect.PLATFORM,
        Dialect.COMMERCE,
        Dialect.SHOP,
    }


async def test_an_encoded_segment_reaches_the_id_parser_decoded(
    client: httpx.AsyncClient, callers: Callers, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    seen: list[object] = []
    as_id = ids.as_id

    def spy(value: object) -> int | None:
        seen.append(value)
        return as_id(value)

    monkeypatch.setattr(ids, "as_id", spy)
    endpoint = Endpoint("GET", "/api/{tenant}/posts/{post}")
    # when
    response = await client.get(
        url_for(endpoint, callers, "²"), headers=headers_for(endpoint, callers)
    )
    # then
    assert "/posts/%C2%B2" in str(response.request.url)
    assert seen == ["²"]
    assert_not_found(endpoint, "²", response)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(raw=path_ids)
async def test_an_id_that_names_no_row_is_the_dialects_not_found(
    client: httpx.AsyncClient, callers: Callers, endpoint: Endpoint, raw: str
) -> None:
    response = await client.request(
        endpoint.method,
        url_for(endpoint, callers, raw),
        json=body_for(endpoint),
        headers=headers_for(endpoint, callers),
    )
    assert_not_found(endpoint, raw, response)
