"""configurePaymentProvider, paymentProviders and paymentMethods; GET /payments/status agrees."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from sqlmodel import select

from tenantry.models.payments import PaymentProvider
from tenantry.models.tenant import StaffRole
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.support import error_of, graphql, staff_token

CONFIGURE = """
mutation($input: ConfigurePaymentProviderInput!) {
  configurePaymentProvider(input: $input) { provider enabled keys }
}
"""
PROVIDERS = "{ paymentProviders { provider enabled keys } }"
METHODS = "{ paymentMethods { methods stripePublishableKey tossClientKey } }"
STRIPE = {
    "provider": "STRIPE",
    "secretKey": "sk_test_51Hstripesecret",
    "publishableKey": "pk_test_51Hstripepublic",
    "webhookSecret": "whsec_stripewebhooksecret",
}
TOSS = {"provider": "TOSS", "clientKey": "test_ck_public000", "secretKey": "test_sk_secret0000"}


async def configure(
    client: httpx.AsyncClient, tenant: TenantFixture, given: dict[str, Any], token: str
) -> dict[str, Any]:
    return await graphql(client, CONFIGURE, {"input": given}, tenant=tenant.slug, bearer=token)


async def test_staff_configure_stripe_and_see_secrets_masked(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    # when
    done = await configure(client, tenant, STRIPE, tenant.secret_key)
    listed = await graphql(client, PROVIDERS, tenant=tenant.slug, bearer=tenant.secret_key)
    # then
    expected = {
        "provider": "STRIPE",
        "enabled": True,
        "keys": {
            "secret_key": "****cret",
            "publishable_key": "pk_test_51Hstripepublic",
            "webhook_secret": "****cret",
        },
    }
    assert done["data"]["configurePaymentProvider"] == expected
    assert listed["data"]["paymentProviders"] == [expected]


async def test_the_public_sees_enabled_methods_and_public_keys_on_both_interfaces(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given: Stripe enabled, Toss configured but disabled
    tenant = await factory.tenant()
    await configure(client, tenant, STRIPE, tenant.secret_key)
    await configure(client, tenant, {**TOSS, "enabled": False}, tenant.secret_key)
    # when
    gql = await graphql(client, METHODS, tenant=tenant.slug)
    rest = await client.get(f"/api/{tenant.slug}/payments/status")
    # then
    assert gql["data"]["paymentMethods"] == {
        "methods": ["STRIPE"],
        "stripePublishableKey": "pk_test_51Hstripepublic",
        "tossClientKey": None,
    }
    assert rest.json() == {
        "data": {
            "methods": ["stripe"],
            "stripe": {"enabled": True, "publishable_key": "pk_test_51Hstripepublic"},
            "toss": {"enabled": False, "client_key": None},
        }
    }


async def test_a_site_without_providers_takes_no_payments(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    rest = await client.get(f"/api/{tenant.slug}/payments/status")
    assert rest.json()["data"]["methods"] == []


async def test_only_admins_configure(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    staff_id, _ = await factory.staff(tenant, role=StaffRole.AGENT)
    agent = await staff_token(services, tenant, staff_id)

    refused = await configure(client, tenant, TOSS, agent)
    anonymous = await graphql(client, CONFIGURE, {"input": TOSS}, tenant=tenant.slug)
    listing = await graphql(client, PROVIDERS, tenant=tenant.slug, bearer=agent)

    assert error_of(refused)[1]["code"] == "FORBIDDEN"
    assert error_of(anonymous)[1]["code"] == "UNAUTHENTICATED"
    assert error_of(listing)[1]["code"] == "FORBIDDEN"


async def test_keys_of_the_wrong_kind_are_refused_naming_the_field(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    body = await configure(
        client, tenant, {**STRIPE, "secretKey": "pk_test_not_a_secret"}, tenant.secret_key
    )
    missing = await configure(client, tenant, {"provider": "TOSS"}, tenant.secret_key)

    assert error_of(body)[1] == {
        "code": "BAD_USER_INPUT",
        "reason": "parameter_invalid",
        "fields": {"secret_key": ["The secret key field must start with sk_ or rk_."]},
    }
    assert error_of(missing)[1]["reason"] == "parameter_missing"
    assert sorted(error_of(missing)[1]["fields"]) == ["client_key", "secret_key"]


async def test_another_tenants_providers_are_not_seen(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    await configure(client, tenant, STRIPE, tenant.secret_key)

    listed = await graphql(client, PROVIDERS, tenant=other.slug, bearer=other.secret_key)
    status = await client.get(f"/api/{other.slug}/payments/status")

    assert listed["data"]["paymentProviders"] == []
    assert status.json()["data"]["methods"] == []


async def test_concurrent_first_configurations_leave_one_row(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given: no Toss row yet
    tenant = await factory.tenant()
    keys = [f"test_ck_concurrent{n:04d}" for n in range(10)]
    # when: ten saves at once
    answers = await asyncio.gather(
        *(configure(client, tenant, {**TOSS, "clientKey": key}, tenant.secret_key) for key in keys)
    )
    # then: every save answered, one row holds one of the keys
    assert all("errors" not in answer for answer in answers), answers
    async with services.db.unit(tenant.id) as uow:
        rows = list(await uow.session.scalars(select(PaymentProvider)))
    assert len(rows) == 1
    assert rows[0].settings["client_key"] in keys
