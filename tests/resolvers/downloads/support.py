"""Digital products, their files and paid orders for download tests. Files go through the
staff resolver; orders are rows (the orders domain is tested with orders)."""

from __future__ import annotations

import dataclasses
import secrets
from typing import Any, TypeVar

from sqlmodel import col, select

from tenantry.clock import Clock
from tenantry.core.context import Ctx
from tenantry.models.catalog import Product, ProductFile, ProductType
from tenantry.models.download import DownloadGrant
from tenantry.models.order import Order, OrderItem, OrderStatus
from tenantry.resolvers import downloads
from tenantry.serving.services import Services
from tests.conftest import TenantFixture
from tests.resolvers.cart import rows
from tests.support import SECRET_KEY_PRINCIPAL, add, make_ctx, run

T = TypeVar("T")
CONTENT = b"%PDF-1.7 a small guide\n" * 100


def admin_ctx(services: Services, tenant: TenantFixture) -> Ctx:
    return make_ctx(services, tenant, SECRET_KEY_PRINCIPAL)


def with_settings(ctx: Ctx, **settings: Any) -> Ctx:
    """The ctx of a tenant whose settings hold these values."""
    tenant = dataclasses.replace(ctx.tenant, settings={**ctx.tenant.settings, **settings})
    return dataclasses.replace(ctx, tenant=tenant)


def with_clock(ctx: Ctx, clock: Clock) -> Ctx:
    return dataclasses.replace(ctx, clock=clock)


async def digital_product(
    services: Services, tenant: TenantFixture, name: str = "Guide", price: int = 1500
) -> Product:
    return await rows.product(services, tenant, name, price=price, type=ProductType.DIGITAL)


async def attach(
    services: Services,
    tenant: TenantFixture,
    product: Product,
    filename: str = "guide.pdf",
    content: bytes = CONTENT,
    content_type: str = "application/pdf",
) -> ProductFile:
    ctx = admin_ctx(services, tenant)
    return await run(
        services,
        tenant,
        lambda s: downloads.attach_product_file(
            s,
            ctx=ctx,
            product_id=product.id or 0,
            filename=filename,
            content=content,
            content_type=content_type,
        ),
    )


async def order_of(
    services: Services,
    tenant: TenantFixture,
    member_id: int | None,
    *products: Product,
    status: OrderStatus = OrderStatus.PAID,
) -> Order:
    order = Order(
        number=f"ORD-{secrets.token_hex(6).upper()}",
        member_id=member_id,
        currency=tenant.info.currency,
        status=status,
    )
    await add(services, tenant, order)
    assert order.id is not None
    items = [
        OrderItem(
            order_id=order.id,
            product_id=product.id,
            product_type=str(product.type),
            name=product.name,
            unit_price=product.price,
            quantity=1,
            total=product.price,
        )
        for product in products
    ]
    await add(services, tenant, *items)
    return order


async def grant(
    services: Services, tenant: TenantFixture, order: Order, ctx: Ctx | None = None
) -> list[DownloadGrant]:
    given = ctx or make_ctx(services, tenant)
    return await run(
        services, tenant, lambda s: downloads.grant_downloads(s, ctx=given, order=order)
    )


async def bought(
    services: Services, tenant: TenantFixture, member_id: int, ctx: Ctx | None = None
) -> tuple[Order, downloads.Download]:
    """A paid order of a one-file digital product, granted; its one download."""
    product = await digital_product(services, tenant)
    await attach(services, tenant, product)
    order = await order_of(services, tenant, member_id, product)
    [granted] = await grant(services, tenant, order, ctx)
    [download] = await run(
        services,
        tenant,
        lambda s: downloads.downloads_of(
            s, ctx=ctx or make_ctx(services, tenant), grants=[granted]
        ),
    )
    return order, download


async def grants_of(services: Services, tenant: TenantFixture) -> list[DownloadGrant]:
    async with services.db.unit(tenant.id) as uow:
        found = await uow.session.scalars(select(DownloadGrant).order_by(col(DownloadGrant.id)))
        return list(found)


async def load_grant(
    services: Services, tenant: TenantFixture, grant_id: int | None
) -> DownloadGrant:
    async with services.db.unit(tenant.id) as uow:
        found = await uow.session.get(DownloadGrant, grant_id)
    assert found is not None
    return found
