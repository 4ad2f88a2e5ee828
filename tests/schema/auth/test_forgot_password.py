from __future__ import annotations

import httpx
from sqlmodel import select

from tenantry.mail import wait_for_deliveries
from tenantry.models.mail import MailOutbox
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.support import create_member, error_of, graphql, new_email

FORGOT = "mutation Forgot($email: String!) { forgotPassword(email: $email) }"


async def _recipients(services: Services, tenant: TenantFixture) -> list[str]:
    await wait_for_deliveries()
    async with services.db.unit(tenant.id) as uow:
        return list((await uow.session.scalars(select(MailOutbox.to_address))).all())


async def test_forgot_password_mails_a_known_member(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    member = await create_member(services, tenant)

    body = await graphql(client, FORGOT, {"email": member.email}, tenant=tenant.slug)

    assert body == {"data": {"forgotPassword": True}}
    assert await _recipients(services, tenant) == [member.email]


async def test_forgot_password_answers_the_same_for_an_unknown_email(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, FORGOT, {"email": new_email()}, tenant=tenant.slug)

    assert body == {"data": {"forgotPassword": True}}
    assert await _recipients(services, tenant) == []


async def test_forgot_password_rejects_an_invalid_email(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, FORGOT, {"email": "nope"}, tenant=tenant.slug)

    assert error_of(body)[1] == {
        "code": "BAD_USER_INPUT",
        "reason": "parameter_invalid",
        "fields": {"email": ["The email field must be a valid email address."]},
    }
