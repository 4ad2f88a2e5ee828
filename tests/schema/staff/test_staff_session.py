"""staffMe, refreshStaffToken and staffLogout, and a staff token as the GraphQL principal."""

from __future__ import annotations

import httpx
import pytest

from tenantry.models.tenant import Staff, StaffRole
from tenantry.resolvers.sessions import SessionKind
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.rest.shop_posts.shop import member_tokens
from tests.schema.staff.support import error_code, graphql, staff_tokens
from tests.support import without_cost

STAFF_ME = "{ staffMe { id email role } }"
VIEWER = "{ viewer { kind staffId staffRole } }"
REFRESH = """
mutation Refresh($token: String!) {
  refreshStaffToken(refreshToken: $token) { token refreshToken tokenType expiresIn }
}
"""
LOGOUT = "mutation { staffLogout }"


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


async def test_staff_me_answers_the_signed_in_staff(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    staff_id, email = await factory.staff(tenant, role=StaffRole.OWNER)
    tokens = await staff_tokens(client, tenant, email)
    # when
    response = await graphql(client, tenant, STAFF_ME, token=tokens["token"])
    # then
    assert without_cost(response.json()) == {
        "data": {"staffMe": {"id": str(staff_id), "email": email, "role": "OWNER"}}
    }


async def test_a_staff_token_alone_finds_the_tenant_and_the_role(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    staff_id, email = await factory.staff(tenant, role=StaffRole.ADMIN)
    tokens = await staff_tokens(client, tenant, email)
    # when
    response = await client.post(
        "/graphql",
        json={"query": VIEWER},
        headers={"Authorization": f"Bearer {tokens['token']}"},
    )
    # then
    assert without_cost(response.json()) == {
        "data": {"viewer": {"kind": "staff", "staffId": str(staff_id), "staffRole": "admin"}}
    }


async def test_staff_me_refuses_a_member_token(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    _, tokens = await member_tokens(services, tenant, kind=SessionKind.MEMBER)
    # when
    response = await graphql(client, tenant, STAFF_ME, token=tokens.access_token)
    # then
    body = response.json()
    assert body["data"] is None
    assert error_code(body) == "UNAUTHENTICATED"


async def test_staff_me_without_credentials_is_unauthenticated(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await graphql(client, tenant, STAFF_ME)
    assert error_code(response.json()) == "UNAUTHENTICATED"


async def test_refresh_staff_token_answers_a_new_pair(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    _, email = await factory.staff(tenant)
    tokens = await staff_tokens(client, tenant, email)
    # when
    response = await graphql(client, tenant, REFRESH, {"token": tokens["refreshToken"]})
    # then
    pair = response.json()["data"]["refreshStaffToken"]
    assert pair["refreshToken"] != tokens["refreshToken"]
    assert (pair["tokenType"], pair["expiresIn"]) == ("Bearer", 3600)
    me = await graphql(client, tenant, STAFF_ME, token=pair["token"])
    assert me.json()["data"]["staffMe"]["email"] == email


async def test_reusing_a_staff_refresh_token_revokes_the_session(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    _, email = await factory.staff(tenant)
    tokens = await staff_tokens(client, tenant, email)
    first = await graphql(client, tenant, REFRESH, {"token": tokens["refreshToken"]})
    rotated = first.json()["data"]["refreshStaffToken"]["refreshToken"]
    # when
    reused = await graphql(client, tenant, REFRESH, {"token": tokens["refreshToken"]})
    # then
    assert error_code(reused.json()) == "UNAUTHENTICATED"
    successor = await graphql(client, tenant, REFRESH, {"token": rotated})
    assert error_code(successor.json()) == "UNAUTHENTICATED"


async def test_refresh_staff_token_refuses_a_member_refresh_token(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    _, tokens = await member_tokens(services, tenant, kind=SessionKind.MEMBER)
    # when
    response = await graphql(client, tenant, REFRESH, {"token": tokens.refresh_token})
    # then
    body = response.json()
    assert body["data"] is None
    assert error_code(body) == "UNAUTHENTICATED"


async def test_refresh_staff_token_refuses_a_deactivated_staff(
    client: httpx.AsyncClient, services: Services, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    staff_id, email = await factory.staff(tenant)
    tokens = await staff_tokens(client, tenant, email)
    async with services.db.unit(tenant.id) as uow:
        staff = await uow.session.get(Staff, staff_id)
        assert staff is not None
        staff.is_active = False
        await uow.commit()
    # when
    response = await graphql(client, tenant, REFRESH, {"token": tokens["refreshToken"]})
    # then
    assert error_code(response.json()) == "UNAUTHENTICATED"


async def test_a_staff_token_of_another_tenant_is_refused(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    other = await factory.tenant()
    _, email = await factory.staff(other)
    tokens = await staff_tokens(client, other, email)
    # when
    response = await graphql(client, tenant, STAFF_ME, token=tokens["token"])
    # then
    assert response.status_code == 401
    assert error_code(response.json()) == "UNAUTHENTICATED"


async def test_staff_logout_revokes_the_access_token(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    _, email = await factory.staff(tenant)
    tokens = await staff_tokens(client, tenant, email)
    # when
    response = await graphql(client, tenant, LOGOUT, token=tokens["token"])
    # then
    assert without_cost(response.json()) == {"data": {"staffLogout": True}}
    me = await graphql(client, tenant, STAFF_ME, token=tokens["token"])
    assert me.status_code == 401
    assert me.json()["errors"][0]["message"] == "Token has been revoked."


async def test_staff_logout_ends_the_refresh_token(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    _, email = await factory.staff(tenant)
    tokens = await staff_tokens(client, tenant, email)
    await graphql(client, tenant, LOGOUT, token=tokens["token"])
    # when
    response = await graphql(client, tenant, REFRESH, {"token": tokens["refreshToken"]})
    # then
    assert error_code(response.json()) == "UNAUTHENTICATED"


async def test_staff_logout_refuses_a_member_token(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    _, tokens = await member_tokens(services, tenant, kind=SessionKind.MEMBER)
    # when
    response = await graphql(client, tenant, LOGOUT, token=tokens.access_token)
    # then
    assert error_code(response.json()) == "UNAUTHENTICATED"
