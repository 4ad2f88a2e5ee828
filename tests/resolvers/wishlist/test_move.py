"""Moving wishlist items into the cart through the cart's own add-item rules."""

from __future__ import annotations

import pytest

from tenantry.core.errors import Unauthenticated
from tenantry.models.catalog import Product, ProductStatus, ProductVariant
from tenantry.models.wishlist import WishlistItem
from tenantry.resolvers import wishlist
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart import rows
from tests.resolvers.cart.support import Shopper
from tests.resolvers.wishlist.support import items_of
from tests.support import guest_ctx, member_ctx, members, run


async def keep(
    services: Services,
    tenant: TenantFixture,
    member_id: int,
    product: Product,
    variant: ProductVariant | None = None,
) -> WishlistItem:
    ctx = member_ctx(services, tenant, member_id)
    data = wishlist.WishlistItemIn(
        product_id=product.id or 0, variant_id=variant.id if variant else None
    )
    added = await run(services, tenant, lambda s: wishlist.add_to_wishlist(s, ctx=ctx, data=data))
    return added.item


async def move(
    services: Services, tenant: TenantFixture, member_id: int, item_ids: list[int] | None = None
) -> wishlist.MoveResult:
    ctx = member_ctx(services, tenant, member_id)
    data = wishlist.MoveToCartIn(item_ids=item_ids)
    return await run(
        services, tenant, lambda s: wishlist.move_wishlist_to_cart(s, ctx=ctx, data=data)
    )


async def test_every_item_moves_when_none_are_named(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug, cup = await rows.product(services, tenant, "Mug"), await rows.product(services, tenant)
    first = await keep(services, tenant, member_id, mug)
    second = await keep(services, tenant, member_id, cup)

    # when
    result = await move(services, tenant, member_id)

    # then
    assert result.moved == [first.id, second.id]
    assert result.failed == []
    assert await items_of(services, tenant, member_id) == []
    cart = await Shopper(services, tenant, member_id=member_id).quantities()
    assert cart == [(mug.id, None, 1), (cup.id, None, 1)]


async def test_out_of_stock_items_stay_and_are_reported(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    sold_out = await rows.product(services, tenant, "Gone", stock=0)
    kept_mug = await keep(services, tenant, member_id, mug)
    kept_gone = await keep(services, tenant, member_id, sold_out)

    # when
    result = await move(services, tenant, member_id)

    # then
    assert result.moved == [kept_mug.id]
    assert result.failed == [
        wishlist.MoveFailure(kept_gone.id or 0, "out_of_stock", "Gone is out of stock.")
    ]
    assert [item.id for item in await items_of(services, tenant, member_id)] == [kept_gone.id]
    cart = await Shopper(services, tenant, member_id=member_id).quantities()
    assert cart == [(mug.id, None, 1)]


async def test_only_the_named_items_move(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug, cup = await rows.product(services, tenant, "Mug"), await rows.product(services, tenant)
    kept_mug = await keep(services, tenant, member_id, mug)
    kept_cup = await keep(services, tenant, member_id, cup)

    result = await move(services, tenant, member_id, [kept_cup.id or 0])

    assert result.moved == [kept_cup.id]
    assert [item.id for item in await items_of(services, tenant, member_id)] == [kept_mug.id]


async def test_another_members_items_are_reported_not_found(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    owner, other = await members(services, tenant, 2)
    mug = await rows.product(services, tenant, "Mug")
    theirs = await keep(services, tenant, owner, mug)

    result = await move(services, tenant, other, [theirs.id or 0])

    assert result.moved == []
    assert result.failed == [
        wishlist.MoveFailure(theirs.id or 0, "not_found", "Wishlist item not found.")
    ]
    assert len(await items_of(services, tenant, owner)) == 1


async def test_a_product_with_variants_needs_one_chosen(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    shirt = await rows.product(services, tenant, "Shirt")
    await rows.variant(services, tenant, shirt, "S")
    kept = await keep(services, tenant, member_id, shirt)

    result = await move(services, tenant, member_id)

    assert [(f.item_id, f.reason) for f in result.failed] == [(kept.id, "variant_required")]


async def test_a_product_taken_off_sale_stays(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    kept = await keep(services, tenant, member_id, mug)
    await rows.change_product(services, tenant, mug.id, status=ProductStatus.ARCHIVED)

    result = await move(services, tenant, member_id)

    assert [(f.item_id, f.reason) for f in result.failed] == [(kept.id, "unavailable")]
    assert len(await items_of(services, tenant, member_id)) == 1


async def test_a_guest_cannot_move(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()

    with pytest.raises(Unauthenticated):
        await run(
            services,
            tenant,
            lambda s: wishlist.move_wishlist_to_cart(
                s, ctx=guest_ctx(services, tenant), data=wishlist.MoveToCartIn()
            ),
        )
