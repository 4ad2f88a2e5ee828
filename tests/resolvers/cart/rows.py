"""Commerce rows for cart and coupon tests, inserted directly: the catalog's own rules are
tested with the catalog; here a product is just a row with a price, a status and a stock."""

from __future__ import annotations

import secrets
from typing import Any

from sqlmodel import col, select

from tenantry.models.cart import Cart, CartItem
from tenantry.models.catalog import (
    BundleItem,
    Product,
    ProductCategory,
    ProductImage,
    ProductStatus,
    ProductType,
    ProductVariant,
)
from tenantry.models.coupon import Coupon, CouponRedemption, CouponType
from tenantry.models.order import Order
from tenantry.serving.services import Services
from tests.conftest import TenantFixture
from tests.support import add


async def category(services: Services, tenant: TenantFixture, name: str = "Cups") -> int:
    row = ProductCategory(name=name, slug=f"{name.lower()}-{secrets.token_hex(3)}")
    await add(services, tenant, row)
    assert row.id is not None
    return row.id


async def product(
    services: Services,
    tenant: TenantFixture,
    name: str = "Mug",
    *,
    price: int = 1000,
    stock: int | None = None,
    type: ProductType = ProductType.SIMPLE,
    status: ProductStatus = ProductStatus.ACTIVE,
    category_id: int | None = None,
    image: str | None = None,
) -> Product:
    row = Product(
        name=name,
        slug=f"{name.lower().replace(' ', '-')}-{secrets.token_hex(3)}",
        price=price,
        stock=stock,
        type=type,
        status=status,
        category_id=category_id,
        currency=tenant.info.currency,
        sku=f"SKU-{secrets.token_hex(3)}",
    )
    await add(services, tenant, row)
    if image is not None:
        assert row.id is not None
        await add(services, tenant, ProductImage(product_id=row.id, url=image))
    return row


async def variant(
    services: Services,
    tenant: TenantFixture,
    of: Product,
    name: str = "Large",
    *,
    price: int | None = None,
    stock: int | None = None,
    is_active: bool = True,
) -> ProductVariant:
    assert of.id is not None
    row = ProductVariant(
        product_id=of.id,
        name=name,
        price=price,
        stock=stock,
        is_active=is_active,
        options={"size": name},
    )
    await add(services, tenant, row)
    return row


async def bundle(
    services: Services,
    tenant: TenantFixture,
    components: list[tuple[Product, int]],
    *,
    price: int = 5000,
) -> Product:
    row = await product(services, tenant, "Bundle", price=price, type=ProductType.BUNDLE)
    assert row.id is not None
    items = []
    for component, quantity in components:
        assert component.id is not None
        items.append(BundleItem(bundle_id=row.id, product_id=component.id, quantity=quantity))
    await add(services, tenant, *items)
    return row


async def change_product(
    services: Services, tenant: TenantFixture, product_id: int | None, **fields: Any
) -> None:
    async with services.db.unit(tenant.id) as uow:
        row = await uow.session.get(Product, product_id)
        assert row is not None
        for name, value in fields.items():
            setattr(row, name, value)
        await uow.commit()


async def coupon(
    services: Services,
    tenant: TenantFixture,
    code: str | None = None,
    *,
    type: CouponType = CouponType.PERCENT,
    value: int = 10,
    **fields: Any,
) -> Coupon:
    row = Coupon(
        code=(code or f"C{secrets.token_hex(4)}").upper(), type=type, value=value, **fields
    )
    await add(services, tenant, row)
    return row


async def load_coupon(services: Services, tenant: TenantFixture, coupon_id: int | None) -> Coupon:
    async with services.db.unit(tenant.id) as uow:
        row = await uow.session.get(Coupon, coupon_id)
    assert row is not None
    return row


async def redemptions(services: Services, tenant: TenantFixture, coupon_id: int | None) -> int:
    async with services.db.unit(tenant.id) as uow:
        rows = await uow.session.scalars(
            select(CouponRedemption).where(col(CouponRedemption.coupon_id) == coupon_id)
        )
        return len(list(rows))


async def orders(services: Services, tenant: TenantFixture, member_ids: list[int]) -> list[int]:
    rows = [
        Order(number=f"ORD-{secrets.token_hex(6)}", member_id=m, currency=tenant.info.currency)
        for m in member_ids
    ]
    await add(services, tenant, *rows)
    return [row.id for row in rows if row.id is not None]


async def cart_rows(
    services: Services, tenant: TenantFixture, cart_id: int | None
) -> list[CartItem]:
    async with services.db.unit(tenant.id) as uow:
        rows = await uow.session.scalars(
            select(CartItem).where(col(CartItem.cart_id) == cart_id).order_by(col(CartItem.id))
        )
        return list(rows)


async def find_cart(services: Services, tenant: TenantFixture, cart_id: int | None) -> Cart | None:
    async with services.db.unit(tenant.id) as uow:
        return await uow.session.get(Cart, cart_id)


async def set_cart_coupon(
    services: Services, tenant: TenantFixture, cart_id: int | None, code: str | None
) -> None:
    async with services.db.unit(tenant.id) as uow:
        row = await uow.session.get(Cart, cart_id)
        assert row is not None
        row.coupon_code = code
        await uow.commit()
