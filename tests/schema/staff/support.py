from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import TenantFixture

PASSWORD = "staff-pass-123"

STAFF_LOGIN = """
mutation StaffLogin($input: StaffLoginInput!) {
  staffLogin(input: $input) {
    token refreshToken tokenType expiresIn
    staff { id email name role }
  }
}
"""


async def graphql(
    client: httpx.AsyncClient,
    tenant: TenantFixture,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
) -> httpx.Response:
    headers = {"X-Tenant": tenant.slug}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )


async def staff_login(
    client: httpx.AsyncClient, tenant: TenantFixture, email: str, password: str = PASSWORD
) -> dict[str, Any]:
    response = await graphql(
        client, tenant, STAFF_LOGIN, {"input": {"email": email, "password": password}}
    )
    body: dict[str, Any] = response.json()
    return body


async def staff_tokens(client: httpx.AsyncClient, tenant: TenantFixture, email: str) -> Any:
    body = await staff_login(client, tenant, email)
    assert "errors" not in body, body
    return body["data"]["staffLogin"]


def error_code(body: dict[str, Any]) -> str:
    code: str = body["errors"][0]["extensions"]["code"]
    return code
