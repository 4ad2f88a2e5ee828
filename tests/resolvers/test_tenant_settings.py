"""Changing a tenant's settings: known keys only, and the app reads the new values."""

from __future__ import annotations

import httpx
import pytest

from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.resolvers.tenant_settings import change_tenant_settings
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart.rows import product
from tests.resolvers.orders.support import fill_cart
from tests.support import bearer, member_token, members, set_tenant_settings


async def test_a_change_reaches_the_app(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    async with services.db.unit(None) as uow:
        changed = await change_tenant_settings(
            uow.session, slug=tenant.slug, values={"public": {"theme": "dark"}}
        )
        await uow.commit()
    assert changed["public"] == {"theme": "dark"}
    response = await client.post(
        "/graphql", json={"query": "{ site { settings } }"}, headers={"X-Tenant": tenant.slug}
    )
    assert response.json()["data"]["site"]["settings"] == {"theme": "dark"}

    async with services.db.unit(None) as uow:
        changed = await change_tenant_settings(
            uow.session, slug=tenant.slug, values={}, remove=["public"]
        )
        await uow.commit()
    assert "public" not in changed


async def test_unknown_keys_and_tenants_are_refused(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    async with services.db.unit(None) as uow:
        with pytest.raises(ValidationFailed) as refused:
            await change_tenant_settings(uow.session, slug=tenant.slug, values={"colour": "red"})
        assert list(refused.value.fields) == ["colour"]
        with pytest.raises(NotFound):
            await change_tenant_settings(uow.session, slug="no-such-shop", values={"tax": {}})


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"shipping": {"flat_rate": "cheap"}}, "shipping.flat_rate"),
        ({"shipping": {"flat_rate": -1}}, "shipping.flat_rate"),
        ({"shipping": {"flat": 500}}, "shipping.flat"),
        ({"tax": {"rate_bps": 20_000}}, "tax.rate_bps"),
        ({"tax": {"inclusive": "yes"}}, "tax.inclusive"),
        ({"downloads": {"max_downloads": 0}}, "downloads.max_downloads"),
        ({"comments": {"guests": 1}}, "comments.guests"),
        ({"feedback": {"per_ip": True}}, "feedback.per_ip"),
        ({"password_reset_url": "javascript:alert(1)"}, "password_reset_url"),
        ({"rate_limit_per_hour": "many"}, "rate_limit_per_hour"),
        ({"graphql": {"max_cost": 0}}, "graphql.max_cost"),
        ({"public": ["not", "an", "object"]}, "public"),
    ],
)
async def test_a_value_the_code_cannot_use_is_refused_naming_the_field(
    services: Services, factory: Factory, values: dict[str, object], named: str
) -> None:
    tenant = await factory.tenant()
    async with services.db.unit(None) as uow:
        with pytest.raises(ValidationFailed) as refused:
            await change_tenant_settings(uow.session, slug=tenant.slug, values=values)
    assert list(refused.value.fields) == [named]


async def test_a_bad_value_already_stored_is_a_clear_error_not_a_crash(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given: a shipping setting written straight to the database, as the finding did
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug")
    [member_id] = await members(services, tenant)
    await fill_cart(services, tenant, member_id, (mug, None, 1))
    await set_tenant_settings(services, tenant, shipping={"flat_rate": "cheap"})
    token = await member_token(services, tenant, member_id)

    # when
    response = await client.post(
        f"/api/{tenant.slug}/orders/preview", json={}, headers=bearer(token)
    )

    # then
    assert response.status_code == 503
    assert response.json()["code"] == "tenant_misconfigured"
    assert "`shipping`" in response.json()["message"]
