"""Shop posts rows and headers for tests, written through the resolvers or over HTTP."""

from __future__ import annotations

from typing import Any

import httpx
from sqlmodel import col, select

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.core.context import Ctx
from tenantry.models.shop_posts import LandingPage, ShopPost
from tenantry.models.tenant import ApiKeyKind
from tenantry.resolvers import shop_posts
from tenantry.serving.services import Services
from tests.conftest import TenantFixture

SECRET_KEY = Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.SECRET)


def ctx_for(services: Services, tenant: TenantFixture, principal: Principal | None = None) -> Ctx:
    return Ctx(
        tenant=tenant.info,
        settings=services.settings,
        principal=principal or Principal(),
        clock=services.clock,
    )


def key_headers(tenant: TenantFixture, key: str | None = None) -> dict[str, str]:
    return {"Host": tenant.host, "X-API-Key": key or tenant.secret_key}


async def make_post(services: Services, tenant: TenantFixture, **fields: Any) -> ShopPost:
    fields.setdefault("title", "A post")
    async with services.db.unit(tenant.id) as uow:
        post = await shop_posts.create_post(
            uow.session,
            ctx=ctx_for(services, tenant, SECRET_KEY),
            data=shop_posts.PostIn(**fields),
        )
        await uow.commit()
    return post


async def make_page(services: Services, tenant: TenantFixture, **fields: Any) -> LandingPage:
    fields.setdefault("name", "A page")
    async with services.db.unit(tenant.id) as uow:
        page = await shop_posts.create_landing_page(
            uow.session,
            ctx=ctx_for(services, tenant, SECRET_KEY),
            data=shop_posts.LandingPageIn(**fields),
        )
        await uow.commit()
    return page


async def reload_post(services: Services, tenant: TenantFixture, post_id: int | None) -> ShopPost:
    async with services.db.unit(tenant.id) as uow:
        post = await uow.session.scalar(select(ShopPost).where(col(ShopPost.id) == post_id))
    assert post is not None
    return post


async def create_over_http(
    client: httpx.AsyncClient, tenant: TenantFixture, **fields: Any
) -> dict[str, Any]:
    response = await client.post("/posts", json={"post": fields}, headers=key_headers(tenant))
    assert response.status_code == 201, response.text
    post: dict[str, Any] = response.json()["data"]["post"]
    return post
