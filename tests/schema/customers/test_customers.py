"""Customers over GraphQL, for owner/admin staff or a secret key."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Factory, TenantFixture
from tests.support import error_of, graphql, without_cost

pytestmark = pytest.mark.usefixtures("app")

CREATE = """
mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id email name phone } }
"""
UPDATE = """
mutation($id: ID!, $input: UpdateCustomerInput!) {
  updateCustomer(id: $id, input: $input) { id email name phone }
}
"""
DELETE = "mutation($id: ID!) { deleteCustomer(id: $id) }"
CUSTOMERS = """
query($email: String) {
  customers(email: $email) { items { email } pageInfo { total } }
}
"""
CUSTOMER = "query($id: ID!) { customer(id: $id) { email } }"


async def as_key(
    client: httpx.AsyncClient, tenant: TenantFixture, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {tenant.secret_key}"},
    )
    return without_cost(response.json())


async def test_a_customer_is_created_listed_and_updated(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    created = await as_key(client, tenant, CREATE, {"input": {"email": "A@example.com"}})
    customer = created["data"]["createCustomer"]
    # when
    updated = await as_key(
        client, tenant, UPDATE, {"id": customer["id"], "input": {"name": "A", "phone": "1"}}
    )
    listed = await as_key(client, tenant, CUSTOMERS, {"email": "a@example.com"})
    # then
    assert customer == {"id": customer["id"], "email": "a@example.com", "name": "", "phone": None}
    assert updated["data"]["updateCustomer"] == {**customer, "name": "A", "phone": "1"}
    assert listed["data"]["customers"] == {
        "items": [{"email": "a@example.com"}],
        "pageInfo": {"total": 1},
    }


async def test_a_deleted_customer_is_not_found(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    created = await as_key(client, tenant, CREATE, {"input": {"email": "b@example.com"}})
    customer_id = created["data"]["createCustomer"]["id"]
    deleted = await as_key(client, tenant, DELETE, {"id": customer_id})
    assert deleted == {"data": {"deleteCustomer": True}}
    found = await as_key(client, tenant, CUSTOMER, {"id": customer_id})
    assert error_of(found) == (
        "Customer not found.",
        {"code": "NOT_FOUND", "reason": "resource_missing"},
    )


async def test_a_duplicate_email_is_bad_user_input(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    await as_key(client, tenant, CREATE, {"input": {"email": "c@example.com"}})
    again = await as_key(client, tenant, CREATE, {"input": {"email": "c@example.com"}})
    assert error_of(again)[1] == {
        "code": "BAD_USER_INPUT",
        "reason": "parameter_invalid",
        "fields": {"email": ["A customer with this email already exists."]},
    }


async def test_customers_are_refused_to_the_public(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    body = await graphql(client, CUSTOMERS, {}, tenant=tenant.slug)
    assert error_of(body)[1] == {"code": "UNAUTHENTICATED", "reason": "unauthenticated"}
