"""No input a client can send reaches the database as something it cannot store: NUL bytes,
lone surrogates, huge integers and deep nesting are refused at the edge with
the dialect's validation error, on both databases (PostgreSQL used to answer 500)."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import Factory
from tests.support import bearer

pytestmark = pytest.mark.usefixtures("app")

HEADERS = {"Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("raw_name", "message"),
    [
        ('"Ada\\u0000Lovelace"', "The name field must not contain NUL characters."),
        ('"Ada\\ud800"', "The name field must be valid Unicode text."),
        ("123456789012345678901234567890", "The name field is out of range."),
    ],
)
async def test_dialect_b_names_the_field(
    client: httpx.AsyncClient, factory: Factory, raw_name: str, message: str
) -> None:
    tenant = await factory.tenant()
    body = f'{{"email": "ada@example.com", "name": {raw_name}}}'

    response = await client.post(
        "/v1/customers", content=body, headers={**HEADERS, **bearer(tenant.secret_key)}
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": message,
            "param": "name",
            "code": "parameter_invalid",
        }
    }
    listed = await client.get("/v1/customers", headers=bearer(tenant.secret_key))
    assert listed.json()["total"] == 0


async def test_dialect_a_names_a_nested_field(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    body = '{"email": "a@example.com", "password": "long-enough-1", "meta": {"tags": ["x\\u0000"]}}'

    response = await client.post(f"/api/{tenant.slug}/auth/register", content=body, headers=HEADERS)

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"meta.tags.0": ["The meta.tags.0 field must not contain NUL characters."]},
    }


async def test_deep_nesting_is_refused(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    for depth in (40, 100_000):
        body = '{"a": ' + "[" * depth + "]" * depth + "}"

        response = await client.post(
            "/v1/customers", content=body, headers={**HEADERS, **bearer(tenant.secret_key)}
        )

        assert response.status_code == 400
        assert response.json()["error"]["code"] == "body_too_deep"


async def test_a_nul_in_a_query_parameter_is_the_parameter_s_error(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    platform = await client.get(f"/api/{tenant.slug}/blog?search=a%00b")
    shop = await client.get("/posts?query=a%00b", headers={"Host": tenant.host})

    assert platform.status_code == 422
    assert platform.json()["errors"] == {
        "search": ["The search field must not contain NUL characters."]
    }
    assert shop.status_code == 422
    assert shop.json()["success"] is False


async def test_a_nul_in_a_path_segment_names_nothing(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"/api/{tenant.slug}/blog/a%00b")

    assert response.status_code == 404
    assert response.json()["code"] == "resource_missing"


async def test_a_key_that_is_not_text_is_named_by_its_object(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # A lone surrogate in a nested key was echoed in the error, which then could not be
    # encoded: a 500 while rendering the 422.
    tenant = await factory.tenant()
    body = '{"email": "a@example.com", "password": "long-enough-1", "meta": {"\\ud800": 1}}'

    response = await client.post(f"/api/{tenant.slug}/auth/register", content=body, headers=HEADERS)

    assert response.status_code == 422
    assert response.json()["errors"] == {"meta": ["The meta field must be valid Unicode text."]}


async def test_a_query_parameter_name_that_is_not_text_is_named_query(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    url = f"/api/{tenant.slug}/entities/any/records?%ED%A0%80=1&a%00=2"
    response = await client.get(url, headers=bearer(tenant.secret_key))

    assert response.status_code == 422, response.text
    assert set(response.json()["errors"]) == {"query"}
