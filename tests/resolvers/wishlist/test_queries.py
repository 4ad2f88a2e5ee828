"""Reading wishlists: the member's page, count and checks, and a product's public count."""

from __future__ import annotations

import pytest

from tenantry.core.errors import NotFound, Unauthenticated
from tenantry.core.pagination import PageRequest
from tenantry.models.catalog import Product, ProductStatus
from tenantry.resolvers import wishlist
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart import rows
from tests.support import guest_ctx, member_ctx, members, run


async def keep(
    services: Services, tenant: TenantFixture, member_id: int, *products: Product
) -> None:
    ctx = member_ctx(services, tenant, member_id)
    for product in products:
        data = wishlist.WishlistItemIn(product_id=product.id or 0)
        await run(services, tenant, lambda s, d=data: wishlist.add_to_wishlist(s, ctx=ctx, data=d))


async def test_the_list_is_newest_first_and_paged(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    products = [await rows.product(services, tenant, f"P{n}") for n in range(3)]
    await keep(services, tenant, member_id, *products)
    ctx = member_ctx(services, tenant, member_id)

    found = await run(
        services, tenant, lambda s: wishlist.list_wishlist(s, ctx=ctx, page=PageRequest(1, 2))
    )

    assert [item.product_id for item in found.items] == [products[2].id, products[1].id]
    assert (found.total, found.last_page) == (3, 2)


async def test_products_no_longer_on_sale_are_left_out(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug, cup = await rows.product(services, tenant, "Mug"), await rows.product(services, tenant)
    await keep(services, tenant, member_id, mug, cup)
    await rows.change_product(services, tenant, cup.id, status=ProductStatus.DRAFT)
    ctx = member_ctx(services, tenant, member_id)

    found = await run(
        services, tenant, lambda s: wishlist.list_wishlist(s, ctx=ctx, page=PageRequest())
    )
    count = await run(services, tenant, lambda s: wishlist.count_wishlist(s, ctx=ctx))

    assert [item.product_id for item in found.items] == [mug.id]
    assert count == 1


async def test_status_says_which_products_are_kept(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug, cup = await rows.product(services, tenant, "Mug"), await rows.product(services, tenant)
    await keep(services, tenant, member_id, mug)
    ctx = member_ctx(services, tenant, member_id)

    found = await run(
        services,
        tenant,
        lambda s: wishlist.wishlist_status(
            s, ctx=ctx, product_ids=[cup.id or 0, mug.id or 0, 999_999]
        ),
    )

    assert found == {mug.id: True, cup.id: False, 999_999: False}


async def test_a_guest_has_no_wishlist(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()

    with pytest.raises(Unauthenticated):
        await run(
            services,
            tenant,
            lambda s: wishlist.count_wishlist(s, ctx=guest_ctx(services, tenant)),
        )


async def test_the_product_count_counts_members(services: Services, factory: Factory) -> None:
    # given: one member keeps two variants, another the product itself
    tenant = await factory.tenant()
    first, second, _ = await members(services, tenant, 3)
    shirt = await rows.product(services, tenant, "Shirt")
    small = await rows.variant(services, tenant, shirt, "S")
    large = await rows.variant(services, tenant, shirt, "L")
    for member_id, variant_id in ((first, small.id), (first, large.id), (second, None)):
        ctx = member_ctx(services, tenant, member_id)
        data = wishlist.WishlistItemIn(product_id=shirt.id or 0, variant_id=variant_id)
        await run(
            services,
            tenant,
            lambda s, c=ctx, d=data: wishlist.add_to_wishlist(s, ctx=c, data=d),
        )

    # when
    count = await run(
        services,
        tenant,
        lambda s: wishlist.product_wishlist_count(
            s, ctx=guest_ctx(services, tenant), slug=shirt.slug
        ),
    )

    # then
    assert count == 2


async def test_the_product_count_of_an_unknown_slug_is_not_found(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()

    with pytest.raises(NotFound):
        await run(
            services,
            tenant,
            lambda s: wishlist.product_wishlist_count(
                s, ctx=guest_ctx(services, tenant), slug="nope"
            ),
        )
