"""A write the `_session_id` cookie authenticates must come from the shop's own pages or an
allowed origin (finding 10: text/plain and form bodies were accepted from anywhere). Bearer
tokens and API keys, which a browser never sends on its own, are not checked."""

from __future__ import annotations

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.rest.shop_posts.shop import PASSWORD, bearer, login, register, session_cookie

REFUSED = {"success": False, "error": "Cross-site request refused.", "code": "cross_site_request"}
POST = b'{"post": {"title": "Cross"}}'


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


@pytest.fixture
async def cookie(client: httpx.AsyncClient, tenant: TenantFixture) -> str:
    user = await register(client, tenant)
    value: str = (await login(client, tenant, user.email)).cookies["_session_id"]
    return value


async def _titles(client: httpx.AsyncClient, tenant: TenantFixture, cookie: str) -> list[str]:
    listed = await client.get("/posts", headers=session_cookie(tenant, cookie))
    return [post["title"] for post in listed.json()["data"]["posts"]]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", POST),
        ("text/plain;charset=UTF-8", POST),
        ("application/x-www-form-urlencoded", b"post[title]=Cross"),
        ("multipart/form-data; boundary=x", b"--x--\r\n"),
    ],
)
async def test_a_body_a_cross_site_form_can_send_is_refused_with_the_cookie(
    client: httpx.AsyncClient, tenant: TenantFixture, cookie: str, content_type: str, body: bytes
) -> None:
    # when
    response = await client.post(
        "/posts",
        content=body,
        headers={**session_cookie(tenant, cookie), "Content-Type": content_type},
    )
    # then
    assert response.status_code == 403
    assert response.json() == REFUSED
    assert "Cross" not in await _titles(client, tenant, cookie)


@pytest.mark.parametrize(
    "origin",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "https://sibling.shops.test"},  # SameSite does not tell siblings apart
        {"Referer": "https://evil.example/page"},
    ],
)
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
async def test_a_write_from_another_origin_is_refused_with_the_cookie(
    client: httpx.AsyncClient,
    tenant: TenantFixture,
    cookie: str,
    origin: dict[str, str],
    method: str,
) -> None:
    path = "/posts" if method == "POST" else "/posts/some-post"

    response = await client.request(
        method,
        path,
        content=POST,
        headers={**session_cookie(tenant, cookie), "Content-Type": "application/json", **origin},
    )

    assert response.status_code == 403
    assert response.json() == REFUSED


@pytest.mark.parametrize(
    "origin",
    [
        {},  # not a browser: the seed's curl example
        {"Origin": "http://{host}"},
        {"Referer": "http://{host}/admin/posts"},
    ],
)
async def test_a_json_write_from_the_shop_itself_passes(
    client: httpx.AsyncClient, tenant: TenantFixture, cookie: str, origin: dict[str, str]
) -> None:
    sent = {name: value.format(host=tenant.host) for name, value in origin.items()}

    response = await client.post(
        "/posts",
        content=POST,
        headers={**session_cookie(tenant, cookie), "Content-Type": "application/json", **sent},
    )

    assert response.status_code == 201, response.text


async def test_an_allowed_origin_passes(
    client: httpx.AsyncClient,
    services: Services,
    tenant: TenantFixture,
    cookie: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(services.settings, "cors_origins", ["https://admin.example"])
    headers = {**session_cookie(tenant, cookie), "Content-Type": "application/json"}

    allowed = await client.post(
        "/posts", content=POST, headers={**headers, "Origin": "https://admin.example"}
    )
    other = await client.post(
        "/posts", content=POST, headers={**headers, "Origin": "https://other.example"}
    )

    assert (allowed.status_code, other.status_code) == (201, 403)


async def test_reads_with_the_cookie_are_not_checked(
    client: httpx.AsyncClient, tenant: TenantFixture, cookie: str
) -> None:
    response = await client.get(
        "/posts", headers={**session_cookie(tenant, cookie), "Origin": "https://evil.example"}
    )

    assert response.status_code == 200


async def test_a_bearer_token_is_not_checked(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    user = await register(client, tenant)

    response = await client.post(
        "/posts",
        content=POST,
        headers={
            **bearer(tenant, user.access_token),
            "Content-Type": "text/plain",
            "Origin": "https://evil.example",
        },
    )

    assert response.status_code == 201, response.text


async def test_signing_in_is_not_the_cookie_s_act(
    client: httpx.AsyncClient, tenant: TenantFixture, cookie: str
) -> None:
    # Login and register act as no one's session, so a cookie beside them proves nothing.
    user = await register(client, tenant)

    response = await client.post(
        "/api/shop_auth/login",
        json={"email": user.email, "password": PASSWORD},
        headers={**session_cookie(tenant, cookie), "Origin": "https://elsewhere.example"},
    )

    assert response.status_code == 200, response.text
