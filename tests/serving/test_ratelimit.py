from __future__ import annotations

import secrets

import httpx
import pytest
import redis.asyncio as redis

from tenantry.models.tenant import Plan, Tenant
from tenantry.serving.ratelimit import RateLimiter
from tenantry.serving.services import Services
from tests.conftest import REDIS_URL, Factory, TenantFixture, require_service


async def _enterprise_with_limit(factory: Factory, services: Services, limit: int) -> TenantFixture:
    tenant = await factory.tenant(plan=Plan.ENTERPRISE)
    async with services.db.unit(None) as uow:
        row = await uow.session.get(Tenant, tenant.id)
        assert row is not None
        row.settings = {"rate_limit_per_hour": limit}
        await uow.commit()
    return tenant


def _auth(tenant: TenantFixture) -> dict[str, str]:
    return {"Authorization": f"Bearer {tenant.secret_key}"}


async def test_every_commerce_answer_carries_the_plan_limit(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant(plan=Plan.STARTER)
    response = await client.get("/v1/anything", headers=_auth(tenant))
    assert response.status_code == 404
    assert response.headers["X-RateLimit-Limit"] == "1000"
    assert response.headers["X-RateLimit-Remaining"] == "999"
    assert int(response.headers["X-RateLimit-Reset"]) > 0


async def test_professional_keys_get_ten_thousand_an_hour(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant(plan=Plan.PROFESSIONAL)
    response = await client.get("/v1/anything", headers=_auth(tenant))
    assert response.headers["X-RateLimit-Limit"] == "10000"


async def test_requests_over_the_limit_are_429_in_the_commerce_envelope(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await _enterprise_with_limit(factory, services, 3)
    # when
    answers = [await client.get("/v1/anything", headers=_auth(tenant)) for _ in range(4)]
    # then
    assert [a.headers["X-RateLimit-Remaining"] for a in answers[:3]] == ["2", "1", "0"]
    refused = answers[3]
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.json() == {
        "error": {
            "type": "rate_limit_error",
            "message": "Too many requests: rate limit exceeded for this API key.",
            "param": None,
            "code": "rate_limit_exceeded",
        }
    }


async def test_the_limit_is_per_key(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    first = await _enterprise_with_limit(factory, services, 1)
    second = await _enterprise_with_limit(factory, services, 1)
    await client.get("/v1/anything", headers=_auth(first))
    response = await client.get("/v1/anything", headers=_auth(second))
    assert response.status_code == 404


async def test_other_dialects_are_not_counted(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    response = await client.get(
        f"/api/{tenant.slug}/nothing", headers={"X-API-Key": tenant.secret_key}
    )
    assert "X-RateLimit-Limit" not in response.headers


async def _redis_available() -> bool:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        return bool(await client.ping())
    except OSError:
        return False
    finally:
        await client.aclose()


@pytest.mark.redis
async def test_redis_storage_counts_across_instances() -> None:
    require_service("Redis", await _redis_available())
    key = secrets.token_hex(8)
    first, second = RateLimiter(REDIS_URL), RateLimiter(REDIS_URL)
    try:
        assert (await first.hit(key, 2)).allowed
        assert (await second.hit(key, 2)).allowed
        refused = await first.hit(key, 2)
    finally:
        await first.close()
        await second.close()
    assert not refused.allowed
    assert refused.remaining == 0
