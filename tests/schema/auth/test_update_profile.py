from __future__ import annotations

import httpx

from tests.conftest import Factory
from tests.rest.platform.auth_support import register
from tests.support import PASSWORD, error_of, graphql

UPDATE = """
mutation Update($input: UpdateProfileInput!) {
  updateProfile(input: $input) { id name phone birthDate avatarUrl }
}
"""
NEW_PASSWORD = "brand-new-pass-77"


async def test_update_profile_changes_the_given_fields(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant, name="Ann", phone="010-1111")

    # when
    body = await graphql(
        client,
        UPDATE,
        {"input": {"name": "Ann Lee", "birthDate": "1990-04-01"}},
        bearer=registered["token"],
    )

    # then
    assert body == {
        "data": {
            "updateProfile": {
                "id": str(registered["member"]["id"]),
                "name": "Ann Lee",
                "phone": "010-1111",
                "birthDate": "1990-04-01",
                "avatarUrl": None,
            }
        }
    }


async def test_update_profile_changes_the_password_with_the_current_one(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)
    change = {
        "currentPassword": PASSWORD,
        "password": NEW_PASSWORD,
        "passwordConfirmation": NEW_PASSWORD,
    }

    # when
    body = await graphql(client, UPDATE, {"input": change}, bearer=registered["token"])

    # then
    assert "errors" not in body
    login = await client.post(
        f"/api/{tenant.slug}/auth/login",
        json={"email": registered["member"]["email"], "password": NEW_PASSWORD},
    )
    assert login.status_code == 200


async def test_update_profile_with_a_wrong_current_password_is_bad_input(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    registered = await register(client, tenant)
    change = {
        "currentPassword": "not-my-password",
        "password": NEW_PASSWORD,
        "passwordConfirmation": NEW_PASSWORD,
    }

    body = await graphql(client, UPDATE, {"input": change}, bearer=registered["token"])

    assert error_of(body)[1] == {
        "code": "BAD_USER_INPUT",
        "reason": "parameter_invalid",
        "fields": {"current_password": ["The current password is incorrect."]},
    }


async def test_update_profile_without_a_member_is_unauthenticated(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, UPDATE, {"input": {"name": "X"}}, tenant=tenant.slug)

    assert error_of(body) == (
        "Unauthenticated.",
        {"code": "UNAUTHENTICATED", "reason": "unauthenticated"},
    )
