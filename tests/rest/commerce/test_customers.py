"""Dialect B /v1/customers: CRUD with cust_ ids, B's list and error envelopes."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.support import bearer, events_of

pytestmark = pytest.mark.usefixtures("app")

TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def key(tenant: TenantFixture) -> dict[str, str]:
    return bearer(tenant.secret_key)


async def create(client: httpx.AsyncClient, tenant: TenantFixture, **body: Any) -> httpx.Response:
    return await client.post("/v1/customers", json=body, headers=key(tenant))


async def test_creating_a_customer_returns_it(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    # when
    response = await create(
        client, tenant, email="customer@example.com", name="John Doe", phone="+1234567890"
    )
    # then
    assert response.status_code == 200
    body = response.json()
    assert re.fullmatch(r"cust_\d+", body["id"])
    assert TIME.fullmatch(body["created_at"])
    assert body == {
        "id": body["id"],
        "object": "customer",
        "email": "customer@example.com",
        "name": "John Doe",
        "phone": "+1234567890",
        "created_at": body["created_at"],
    }
    [event] = await events_of(services, tenant, "customer", int(body["id"][5:]))
    assert (event.type, event.data) == ("customer.created", body)


async def test_a_missing_email_is_400(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    response = await create(client, tenant, name="No Email")
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": "Missing required parameter: email",
            "param": "email",
            "code": "parameter_missing",
        }
    }


async def test_an_invalid_email_is_400(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    response = await create(client, tenant, email="not-an-email")
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "email"
    assert response.json()["error"]["code"] == "parameter_invalid"


async def test_a_duplicate_email_is_400(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    await create(client, tenant, email="twice@example.com")
    response = await create(client, tenant, email="twice@example.com")
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": "A customer with this email already exists.",
            "param": "email",
            "code": "parameter_invalid",
        }
    }


async def test_customers_are_listed_with_paging_and_email_filter(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    first = (await create(client, tenant, email="first@example.com")).json()
    second = (await create(client, tenant, email="second@example.com")).json()
    # when
    page = await client.get("/v1/customers", params={"limit": 1}, headers=key(tenant))
    found = await client.get(
        "/v1/customers", params={"email": "first@example.com"}, headers=key(tenant)
    )
    # then
    assert page.json() == {"data": [second], "has_more": True, "total": 2}
    assert found.json() == {"data": [first], "has_more": False, "total": 1}


async def test_a_customer_is_retrieved_and_updated(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    created = (await create(client, tenant, email="a@example.com", name="A")).json()
    fetched = await client.get(f"/v1/customers/{created['id']}", headers=key(tenant))
    assert fetched.json() == created
    updated = await client.put(
        f"/v1/customers/{created['id']}", json={"name": "B", "phone": "555"}, headers=key(tenant)
    )
    assert updated.status_code == 200
    assert updated.json() == {**created, "name": "B", "phone": "555"}


async def test_a_deleted_customer_is_404_afterwards(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    created = (await create(client, tenant, email="gone@example.com")).json()
    # when
    deleted = await client.delete(f"/v1/customers/{created['id']}", headers=key(tenant))
    # then
    assert deleted.status_code == 200
    assert deleted.json() == {"id": created["id"], "object": "customer", "deleted": True}
    again = await client.get(f"/v1/customers/{created['id']}", headers=key(tenant))
    assert again.status_code == 404
    assert again.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": f"No such customer: '{created['id']}'",
            "param": "id",
            "code": "resource_missing",
        }
    }
    listed = await client.get("/v1/customers", headers=key(tenant))
    assert listed.json()["total"] == 0


@pytest.mark.parametrize("raw", ["cust_999999", "cust_abc", "prod_1", "7"])
async def test_an_unknown_or_malformed_id_is_404(
    raw: str, client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    response = await client.get(f"/v1/customers/{raw}", headers=key(tenant))
    assert response.status_code == 404
    assert response.json()["error"]["message"] == f"No such customer: '{raw}'"


async def test_another_tenant_s_customer_is_404(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    created = (await create(client, other, email="x@example.com")).json()
    response = await client.get(f"/v1/customers/{created['id']}", headers=key(tenant))
    assert response.status_code == 404


async def test_customers_need_the_secret_key(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    response = await client.get("/v1/customers", headers=bearer(tenant.publishable_key))
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "authentication_error"
