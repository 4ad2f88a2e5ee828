"""Signing members up through dialect A, for the member-auth tests."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import TenantFixture
from tests.support import PASSWORD, new_email


async def register(
    client: httpx.AsyncClient,
    tenant: TenantFixture,
    *,
    email: str | None = None,
    password: str = PASSWORD,
    **extra: Any,
) -> dict[str, Any]:
    """Signs a member up through dialect A and returns the response's data."""
    response = await client.post(
        f"/api/{tenant.slug}/auth/register",
        json={"email": email or new_email(), "password": password, **extra},
    )
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data
