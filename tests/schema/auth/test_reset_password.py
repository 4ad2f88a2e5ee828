from __future__ import annotations

import re
from urllib.parse import unquote

import httpx
from sqlmodel import select

from tenantry.mail import wait_for_deliveries
from tenantry.models.mail import MailOutbox
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.support import create_member, error_of, graphql

FORGOT = "mutation Forgot($email: String!) { forgotPassword(email: $email) }"
RESET = "mutation Reset($input: ResetPasswordInput!) { resetPassword(input: $input) }"
LOGIN = "mutation Login($input: LoginInput!) { login(input: $input) { token } }"
NEW_PASSWORD = "brand-new-pass-77"


async def test_reset_password_sets_the_new_password(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    member = await create_member(services, tenant)
    await graphql(client, FORGOT, {"email": member.email}, tenant=tenant.slug)
    await wait_for_deliveries()
    async with services.db.unit(tenant.id) as uow:
        mail_body = await uow.session.scalar(select(MailOutbox.body))
    found = re.search(r"token=([^&\s]+)", mail_body or "")
    assert found is not None
    reset = {
        "token": unquote(found.group(1)),
        "email": member.email,
        "password": NEW_PASSWORD,
        "passwordConfirmation": NEW_PASSWORD,
    }

    # when
    body = await graphql(client, RESET, {"input": reset}, tenant=tenant.slug)

    # then
    assert body == {"data": {"resetPassword": True}}
    login = await graphql(
        client,
        LOGIN,
        {"input": {"email": member.email, "password": NEW_PASSWORD}},
        tenant=tenant.slug,
    )
    assert login["data"]["login"]["token"]


async def test_reset_password_with_an_invalid_token_is_bad_input(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    member = await create_member(services, tenant)
    reset = {
        "token": "not-a-real-token",
        "email": member.email,
        "password": NEW_PASSWORD,
        "passwordConfirmation": NEW_PASSWORD,
    }

    body = await graphql(client, RESET, {"input": reset}, tenant=tenant.slug)

    assert body["data"] is None
    assert error_of(body) == (
        "The given data was invalid.",
        {
            "code": "BAD_USER_INPUT",
            "reason": "parameter_invalid",
            "fields": {"token": ["This password reset token is invalid."]},
        },
    )
