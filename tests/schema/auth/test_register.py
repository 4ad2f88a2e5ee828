from __future__ import annotations

import httpx

from tests.conftest import Factory
from tests.support import PASSWORD, error_of, graphql, new_email

REGISTER = """
mutation Register($input: RegisterInput!) {
  register(input: $input) {
    token refreshToken tokenType expiresIn
    member { id email name phone birthDate avatarUrl createdAt updatedAt }
  }
}
"""


async def test_register_returns_the_member_and_a_token_pair(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    email = new_email()

    # when
    body = await graphql(
        client,
        REGISTER,
        {"input": {"email": email.upper(), "password": PASSWORD, "name": "Ann"}},
        tenant=tenant.slug,
    )

    # then
    payload = body["data"]["register"]
    member = payload["member"]
    assert (member["email"], member["name"], member["phone"]) == (email, "Ann", None)
    assert (payload["tokenType"], payload["expiresIn"]) == ("Bearer", 3600)
    me = await graphql(client, "{ me { id } }", bearer=payload["token"])
    assert me == {"data": {"me": {"id": member["id"]}}}


async def test_register_reports_bad_input_by_field(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    body = await graphql(
        client,
        REGISTER,
        {"input": {"email": "not-an-email", "password": PASSWORD}},
        tenant=tenant.slug,
    )

    assert body["data"] is None
    message, extensions = error_of(body)
    assert message == "The given data was invalid."
    assert extensions == {
        "code": "BAD_USER_INPUT",
        "reason": "parameter_invalid",
        "fields": {"email": ["The email field must be a valid email address."]},
    }


async def test_register_rejects_a_taken_email(client: httpx.AsyncClient, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    variables = {"input": {"email": new_email(), "password": PASSWORD}}
    await graphql(client, REGISTER, variables, tenant=tenant.slug)

    # when
    body = await graphql(client, REGISTER, variables, tenant=tenant.slug)

    # then
    _, extensions = error_of(body)
    assert extensions["fields"] == {"email": ["The email has already been taken."]}
