"""Changing a tenant's settings: known keys only, and the app reads the new values."""

from __future__ import annotations

import httpx
import pytest

from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.resolvers.tenant_settings import change_tenant_settings
from tenantry.serving.services import Services
from tests.conftest import Factory


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
