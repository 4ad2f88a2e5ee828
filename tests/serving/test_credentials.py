"""Which credentials each API accepts: every dialect keeps its own token types."""

from __future__ import annotations

import httpx
import pytest

from tenantry.resolvers.sessions import SessionKind, issue_session_cookie, issue_tokens
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.support import create_member, make_ctx, without_cost

VIEWER = {"query": "{ viewer { kind memberId } }"}


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


async def _tokens(services: Services, tenant: TenantFixture, kind: SessionKind) -> tuple[int, str]:
    member = await create_member(services, tenant)
    assert member.id is not None
    async with services.db.unit(tenant.id) as uow:
        tokens = await issue_tokens(
            uow.session, ctx=make_ctx(services, tenant), kind=kind, subject_id=member.id
        )
        await uow.commit()
    return member.id, tokens.access_token


async def test_platform_refuses_a_shop_token(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    _, token = await _tokens(services, tenant, SessionKind.SHOP)
    response = await client.get(
        f"/api/{tenant.slug}/auth/me", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401
    assert response.json() == {"message": "Invalid or expired token.", "code": "invalid_token"}


async def test_platform_ignores_the_shop_session_cookie(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given a valid shop session cookie, which only dialect C reads
    member = await create_member(services, tenant)
    assert member.id is not None
    cookie = issue_session_cookie(make_ctx(services, tenant), subject_id=member.id, family="f")
    # when
    response = await client.get(
        f"/api/{tenant.slug}/auth/me", headers={"Cookie": f"_session_id={cookie}"}
    )
    # then the request is anonymous
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}


@pytest.mark.parametrize("kind", [SessionKind.MEMBER, SessionKind.SHOP])
async def test_graphql_accepts_member_tokens_of_both_apis(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture, kind: SessionKind
) -> None:
    member_id, token = await _tokens(services, tenant, kind)
    response = await client.post(
        "/graphql", json=VIEWER, headers={"Authorization": f"Bearer {token}"}
    )
    assert without_cost(response.json()) == {
        "data": {"viewer": {"kind": "member", "memberId": str(member_id)}}
    }


async def test_commerce_refuses_member_tokens(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    _, token = await _tokens(services, tenant, SessionKind.MEMBER)
    response = await client.get("/v1/products", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "authentication_error"
