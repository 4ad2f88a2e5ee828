from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.support import create_member, error_of, graphql

FIND = "mutation Find($name: String!, $phone: String!) { findEmail(name: $name, phone: $phone) }"


async def test_find_email_returns_the_masked_address(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await create_member(services, tenant, email="johnny@example.com", name="John", phone="010-5")

    body = await graphql(client, FIND, {"name": "John", "phone": "010-5"}, tenant=tenant.slug)

    assert body == {"data": {"findEmail": "jo****@example.com"}}


async def test_find_email_without_a_match_is_not_found(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, FIND, {"name": "Nobody", "phone": "000"}, tenant=tenant.slug)

    assert body["data"] is None
    assert error_of(body) == (
        "No account matches those details.",
        {"code": "NOT_FOUND", "reason": "resource_missing"},
    )
