"""Adding, toggling, annotating and removing wishlist items."""

from __future__ import annotations

import asyncio

import pytest

from tenantry.core.errors import NotFound, Unauthenticated, ValidationFailed
from tenantry.models.catalog import ProductStatus
from tenantry.resolvers import wishlist
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart import rows
from tests.resolvers.wishlist.support import items_of
from tests.support import guest_ctx, member_ctx, members, run


async def test_adding_a_product_creates_an_item(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    ctx = member_ctx(services, tenant, member_id)

    # when
    added = await run(
        services,
        tenant,
        lambda s: wishlist.add_to_wishlist(
            s, ctx=ctx, data=wishlist.WishlistItemIn(product_id=mug.id or 0, note="birthday")
        ),
    )

    # then
    assert added.created is True
    assert (added.item.product_id, added.item.variant_id, added.item.note) == (
        mug.id,
        None,
        "birthday",
    )
    assert [item.id for item in await items_of(services, tenant, member_id)] == [added.item.id]


async def test_adding_twice_returns_the_existing_item(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    ctx = member_ctx(services, tenant, member_id)
    data = wishlist.WishlistItemIn(product_id=mug.id or 0)
    first = await run(services, tenant, lambda s: wishlist.add_to_wishlist(s, ctx=ctx, data=data))

    second = await run(services, tenant, lambda s: wishlist.add_to_wishlist(s, ctx=ctx, data=data))

    assert second.created is False
    assert second.item.id == first.item.id
    assert len(await items_of(services, tenant, member_id)) == 1


async def test_adding_again_with_a_note_updates_the_note(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    ctx = member_ctx(services, tenant, member_id)
    await run(
        services,
        tenant,
        lambda s: wishlist.add_to_wishlist(
            s, ctx=ctx, data=wishlist.WishlistItemIn(product_id=mug.id or 0)
        ),
    )

    again = await run(
        services,
        tenant,
        lambda s: wishlist.add_to_wishlist(
            s, ctx=ctx, data=wishlist.WishlistItemIn(product_id=mug.id or 0, note="red one")
        ),
    )

    assert again.item.note == "red one"


async def test_each_variant_is_its_own_item(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    shirt = await rows.product(services, tenant, "Shirt")
    small = await rows.variant(services, tenant, shirt, "S")
    large = await rows.variant(services, tenant, shirt, "L")
    ctx = member_ctx(services, tenant, member_id)

    for variant_id in (small.id, large.id, None):
        data = wishlist.WishlistItemIn(product_id=shirt.id or 0, variant_id=variant_id)
        await run(services, tenant, lambda s, d=data: wishlist.add_to_wishlist(s, ctx=ctx, data=d))

    found = await items_of(services, tenant, member_id)
    assert [item.variant_id for item in found] == [small.id, large.id, None]


async def test_ten_concurrent_adds_keep_one_item(services: Services, factory: Factory) -> None:
    # given: the unique key cannot catch NULL variants, so the member lock must
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    ctx = member_ctx(services, tenant, member_id)
    data = wishlist.WishlistItemIn(product_id=mug.id or 0)

    # when
    added = await asyncio.gather(
        *(
            run(services, tenant, lambda s: wishlist.add_to_wishlist(s, ctx=ctx, data=data))
            for _ in range(10)
        )
    )

    # then
    assert sum(1 for result in added if result.created) == 1
    assert len({result.item.id for result in added}) == 1
    assert len(await items_of(services, tenant, member_id)) == 1


@pytest.mark.parametrize("status", [ProductStatus.DRAFT, ProductStatus.ARCHIVED])
async def test_a_product_not_on_sale_is_invalid(
    services: Services, factory: Factory, status: ProductStatus
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    draft = await rows.product(services, tenant, "Draft", status=status)
    ctx = member_ctx(services, tenant, member_id)

    with pytest.raises(ValidationFailed) as caught:
        await run(
            services,
            tenant,
            lambda s: wishlist.add_to_wishlist(
                s, ctx=ctx, data=wishlist.WishlistItemIn(product_id=draft.id or 0)
            ),
        )

    assert caught.value.fields == {"product_id": ["The selected product is invalid."]}


async def test_another_tenants_product_is_invalid(services: Services, factory: Factory) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    [member_id] = await members(services, tenant)
    theirs = await rows.product(services, other, "Theirs")
    ctx = member_ctx(services, tenant, member_id)

    with pytest.raises(ValidationFailed) as caught:
        await run(
            services,
            tenant,
            lambda s: wishlist.add_to_wishlist(
                s, ctx=ctx, data=wishlist.WishlistItemIn(product_id=theirs.id or 0)
            ),
        )

    assert list(caught.value.fields) == ["product_id"]


async def test_a_variant_of_another_product_is_invalid(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug, shirt = await rows.product(services, tenant, "Mug"), await rows.product(services, tenant)
    small = await rows.variant(services, tenant, shirt, "S")
    ctx = member_ctx(services, tenant, member_id)

    with pytest.raises(ValidationFailed) as caught:
        await run(
            services,
            tenant,
            lambda s: wishlist.add_to_wishlist(
                s,
                ctx=ctx,
                data=wishlist.WishlistItemIn(product_id=mug.id or 0, variant_id=small.id),
            ),
        )

    assert caught.value.fields == {"variant_id": ["The selected variant is invalid."]}


async def test_a_guest_cannot_add(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")

    with pytest.raises(Unauthenticated):
        await run(
            services,
            tenant,
            lambda s: wishlist.add_to_wishlist(
                s,
                ctx=guest_ctx(services, tenant),
                data=wishlist.WishlistItemIn(product_id=mug.id or 0),
            ),
        )


async def test_toggle_adds_then_removes(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    ctx = member_ctx(services, tenant, member_id)
    data = wishlist.WishlistToggleIn(product_id=mug.id or 0)

    added = await run(services, tenant, lambda s: wishlist.toggle_wishlist(s, ctx=ctx, data=data))
    removed = await run(services, tenant, lambda s: wishlist.toggle_wishlist(s, ctx=ctx, data=data))

    assert added is not None
    assert added.product_id == mug.id
    assert removed is None
    assert await items_of(services, tenant, member_id) == []


async def test_toggle_removes_an_item_whose_product_left_the_shop(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    ctx = member_ctx(services, tenant, member_id)
    data = wishlist.WishlistToggleIn(product_id=mug.id or 0)
    await run(services, tenant, lambda s: wishlist.toggle_wishlist(s, ctx=ctx, data=data))
    await rows.change_product(services, tenant, mug.id, status=ProductStatus.ARCHIVED)

    removed = await run(services, tenant, lambda s: wishlist.toggle_wishlist(s, ctx=ctx, data=data))

    assert removed is None
    assert await items_of(services, tenant, member_id) == []


async def test_the_owner_updates_the_note(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    ctx = member_ctx(services, tenant, member_id)
    added = await run(
        services,
        tenant,
        lambda s: wishlist.add_to_wishlist(
            s, ctx=ctx, data=wishlist.WishlistItemIn(product_id=mug.id or 0)
        ),
    )

    updated = await run(
        services,
        tenant,
        lambda s: wishlist.update_wishlist_note(
            s, ctx=ctx, item_id=added.item.id or 0, data=wishlist.WishlistNoteIn(note="for Sam")
        ),
    )

    assert updated.note == "for Sam"


async def test_another_members_item_is_not_found(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    owner, other = await members(services, tenant, 2)
    mug = await rows.product(services, tenant, "Mug")
    added = await run(
        services,
        tenant,
        lambda s: wishlist.add_to_wishlist(
            s,
            ctx=member_ctx(services, tenant, owner),
            data=wishlist.WishlistItemIn(product_id=mug.id or 0),
        ),
    )
    ctx = member_ctx(services, tenant, other)
    item_id = added.item.id or 0

    # when / then
    with pytest.raises(NotFound):
        await run(
            services,
            tenant,
            lambda s: wishlist.update_wishlist_note(
                s, ctx=ctx, item_id=item_id, data=wishlist.WishlistNoteIn(note="mine")
            ),
        )
    with pytest.raises(NotFound):
        await run(
            services,
            tenant,
            lambda s: wishlist.remove_from_wishlist(s, ctx=ctx, item_id=item_id),
        )
    assert len(await items_of(services, tenant, owner)) == 1


async def test_the_owner_removes_an_item(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    ctx = member_ctx(services, tenant, member_id)
    added = await run(
        services,
        tenant,
        lambda s: wishlist.add_to_wishlist(
            s, ctx=ctx, data=wishlist.WishlistItemIn(product_id=mug.id or 0)
        ),
    )

    await run(
        services,
        tenant,
        lambda s: wishlist.remove_from_wishlist(s, ctx=ctx, item_id=added.item.id or 0),
    )

    assert await items_of(services, tenant, member_id) == []
