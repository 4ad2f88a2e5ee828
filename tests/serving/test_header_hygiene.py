"""Credentials and tenant names in headers and cookies that no column could hold: a NUL in
`X-Tenant`, a visitor cookie carrying one as the octal escape `\\000` (which the cookie parser
decodes). They name no tenant and no visitor; they answered 500 on PostgreSQL."""

from __future__ import annotations

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture


@pytest.fixture(scope="module")
async def tenant(services: Services) -> TenantFixture:
    return await Factory(services).tenant()


async def test_a_tenant_name_with_a_nul_names_no_tenant(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"X-Tenant": "shop\x00"}
    )

    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("cookie", ['visitor_id="a\\000b"', 'visitor_id="\\000"'])
async def test_a_visitor_cookie_no_column_could_hold_names_no_visitor(
    client: httpx.AsyncClient, tenant: TenantFixture, cookie: str
) -> None:
    response = await client.get(
        f"/api/{tenant.slug}/chat/conversations", headers={"Cookie": cookie}
    )

    assert response.status_code == 200, response.text
    assert response.json()["data"] == []
