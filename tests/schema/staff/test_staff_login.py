from __future__ import annotations

import httpx
import jwt
import pytest

from tenantry.models.tenant import StaffRole
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.rest.shop_posts.shop import PASSWORD as MEMBER_PASSWORD
from tests.rest.shop_posts.shop import register
from tests.schema.staff.support import error_code, staff_login


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


async def test_staff_login_answers_a_token_pair_and_the_staff(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    staff_id, email = await factory.staff(tenant, role=StaffRole.AGENT)
    # when
    body = await staff_login(client, tenant, email)
    # then
    payload = body["data"]["staffLogin"]
    assert payload["staff"] == {"id": str(staff_id), "email": email, "name": "", "role": "AGENT"}
    assert (payload["tokenType"], payload["expiresIn"]) == ("Bearer", 3600)


async def test_staff_login_tokens_are_staff_tokens(
    client: httpx.AsyncClient, services: Services, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    staff_id, email = await factory.staff(tenant)
    # when
    payload = (await staff_login(client, tenant, email))["data"]["staffLogin"]
    # then
    secret = services.settings.secret_key
    access = jwt.decode(payload["token"], secret, algorithms=["HS256"])
    refresh = jwt.decode(payload["refreshToken"], secret, algorithms=["HS256"])
    assert (access["type"], access["sub"], access["tid"]) == (
        "staff_access",
        str(staff_id),
        tenant.id,
    )
    assert refresh["type"] == "staff_refresh"


async def test_staff_login_with_a_wrong_password_is_unauthenticated(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    _, email = await factory.staff(tenant)
    # when
    body = await staff_login(client, tenant, email, "wrong-password")
    # then
    assert body["data"] is None
    assert body["errors"][0]["message"] == "These credentials do not match our records."
    assert error_code(body) == "UNAUTHENTICATED"


async def test_staff_login_with_a_malformed_email_is_bad_input(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    body = await staff_login(client, tenant, "not-an-email")
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["fields"] == {
        "email": ["The email field must be a valid email address."]
    }


async def test_staff_login_is_rate_limited_after_five_failures(
    client: httpx.AsyncClient, services: Services, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    _, email = await factory.staff(tenant)
    for _ in range(5):
        assert error_code(await staff_login(client, tenant, email, "wrong")) == "UNAUTHENTICATED"
    # when
    body = await staff_login(client, tenant, email)
    # then
    assert error_code(body) == "RATE_LIMITED"
    assert body["errors"][0]["extensions"]["retryAfter"] == services.settings.login_lockout_seconds


async def test_a_member_cannot_log_in_as_staff(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    # when
    body = await staff_login(client, tenant, user.email, MEMBER_PASSWORD)
    # then
    assert error_code(body) == "UNAUTHENTICATED"
