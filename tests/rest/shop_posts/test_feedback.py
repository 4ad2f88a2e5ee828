"""POST /feedbacks.json: the seed's shapes, and the per-client limit under concurrency."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

import httpx
import pytest
from sqlmodel import col, func, select

from tenantry.models.shop_posts import Feedback
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.rest.shop_posts.shop import IsA, host
from tests.support import set_tenant_settings

GOOD = {"name": "John Doe", "email": "john@example.com", "content": "Great website!"}


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


def client_at(app: Any) -> httpx.AsyncClient:
    """A client from its own address (limits are kept per process, across both databases)."""
    ip = f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"
    transport = httpx.ASGITransport(app=app, client=(ip, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def stored_count(services: Services, tenant: TenantFixture) -> int:
    async with services.db.unit(tenant.id) as uow:
        count = await uow.session.scalar(select(func.count(col(Feedback.id))))
    return count or 0


async def test_feedback_is_created(client: httpx.AsyncClient, tenant: TenantFixture) -> None:
    response = await client.post("/feedbacks.json", json={"feedback": GOOD}, headers=host(tenant))
    assert response.status_code == 201
    assert response.json() == {
        "data": {
            "id": IsA(int),
            "name": "John Doe",
            "email": "john@example.com",
            "content": "Great website!",
            "shop_id": tenant.id,
            "created_at": IsA(str),
            "updated_at": IsA(str),
        }
    }


async def test_json_content_is_kept_as_sent(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    content = '{"rating": "5", "category": "UI/UX", "suggestion": "Add dark mode"}'
    response = await client.post(
        "/feedbacks.json", json={"feedback": {**GOOD, "content": content}}, headers=host(tenant)
    )
    assert response.status_code == 201
    assert response.json()["data"]["content"] == content


async def test_invalid_email_is_422_in_the_rails_shape(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.post(
        "/feedbacks.json",
        json={"feedback": {**GOOD, "email": "not-an-email"}},
        headers=host(tenant),
    )
    assert response.status_code == 422
    assert response.json() == {"errors": {"email": ["is invalid"]}}


async def test_blank_fields_are_each_reported(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.post(
        "/feedbacks.json", json={"feedback": {"name": " "}}, headers=host(tenant)
    )
    assert response.status_code == 422
    assert response.json() == {
        "errors": {
            "name": ["can't be blank"],
            "email": ["can't be blank"],
            "content": ["can't be blank"],
        }
    }


async def test_missing_feedback_object_is_400(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.post("/feedbacks.json", json=GOOD, headers=host(tenant))
    assert response.status_code == 400
    assert response.json() == {"error": "param is missing or the value is empty: feedback"}


async def test_the_sixth_feedback_in_ten_minutes_is_refused(
    app: Any, services: Services, tenant: TenantFixture
) -> None:
    async with client_at(app) as http:
        answers = [
            await http.post("/feedbacks.json", json={"feedback": GOOD}, headers=host(tenant))
            for _ in range(6)
        ]
    assert [a.status_code for a in answers] == [201] * 5 + [422]
    assert answers[5].json() == {"msg": "error req"}
    assert await stored_count(services, tenant) == 5


async def test_the_limit_holds_under_concurrency(
    app: Any, services: Services, tenant: TenantFixture
) -> None:
    # given
    await set_tenant_settings(services, tenant, feedback={"per_ip": 3})
    # when
    async with client_at(app) as http:
        answers = await asyncio.gather(
            *(
                http.post("/feedbacks.json", json={"feedback": GOOD}, headers=host(tenant))
                for _ in range(12)
            )
        )
    # then
    codes = sorted(a.status_code for a in answers)
    assert codes == [201] * 3 + [422] * 9
    assert await stored_count(services, tenant) == 3


async def test_each_client_has_its_own_allowance(
    app: Any, services: Services, tenant: TenantFixture
) -> None:
    await set_tenant_settings(services, tenant, feedback={"per_ip": 1})
    async with client_at(app) as first, client_at(app) as second:
        one = await first.post("/feedbacks.json", json={"feedback": GOOD}, headers=host(tenant))
        two = await second.post("/feedbacks.json", json={"feedback": GOOD}, headers=host(tenant))
        again = await first.post("/feedbacks.json", json={"feedback": GOOD}, headers=host(tenant))
    assert (one.status_code, two.status_code, again.status_code) == (201, 201, 422)


async def test_invalid_feedback_does_not_use_the_allowance(
    app: Any, services: Services, tenant: TenantFixture
) -> None:
    await set_tenant_settings(services, tenant, feedback={"per_ip": 1})
    async with client_at(app) as http:
        bad = await http.post(
            "/feedbacks.json", json={"feedback": {**GOOD, "email": "x"}}, headers=host(tenant)
        )
        good = await http.post("/feedbacks.json", json={"feedback": GOOD}, headers=host(tenant))
    assert (bad.status_code, good.status_code) == (422, 201)
