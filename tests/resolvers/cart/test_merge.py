"""Merging a guest cart into the member's cart when the guest signs in."""

from __future__ import annotations

import pytest

from tenantry.core.errors import Unauthenticated
from tenantry.models.cart import Cart
from tenantry.models.catalog import ProductStatus
from tenantry.resolvers import cart as carts
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart import rows
from tests.resolvers.cart.support import Shopper
from tests.support import members


async def merge(member: Shopper, token: str | None) -> Cart:
    return await member.run(lambda s: carts.merge_carts(s, ctx=member.ctx, cart_token=token))


async def test_quantities_add_up_and_the_guest_cart_is_deleted(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    cup = await rows.product(services, tenant, "Cup")
    guest, member = Shopper(services, tenant), Shopper(services, tenant, member_id=member_id)
    guest_cart = await guest.add(mug, 2)
    await guest.add(cup, 1)
    await member.add(mug, 3)

    # when
    merged = await merge(member, guest.token)

    # then
    assert merged.member_id == member_id
    assert await member.quantities() == [(mug.id, None, 5), (cup.id, None, 1)]
    assert await rows.find_cart(services, tenant, guest_cart.id) is None


async def test_merged_quantities_are_capped_at_the_stock(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, stock=4)
    guest, member = Shopper(services, tenant), Shopper(services, tenant, member_id=member_id)
    await guest.add(mug, 3)
    await member.add(mug, 3)

    await merge(member, guest.token)

    assert await member.quantities() == [(mug.id, None, 4)]


async def test_lines_no_longer_for_sale_are_dropped(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant)
    guest, member = Shopper(services, tenant), Shopper(services, tenant, member_id=member_id)
    await guest.add(mug, 1)
    await rows.change_product(services, tenant, mug.id, status=ProductStatus.ARCHIVED)

    await merge(member, guest.token)

    assert await member.quantities() == []


async def test_a_member_without_a_cart_gets_one(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant)
    guest, member = Shopper(services, tenant), Shopper(services, tenant, member_id=member_id)
    await guest.add(mug, 2)

    merged = await merge(member, guest.token)

    assert merged.member_id == member_id
    assert await member.quantities() == [(mug.id, None, 2)]


async def test_the_guests_coupon_follows_when_the_member_has_none(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant)
    guest, member = Shopper(services, tenant), Shopper(services, tenant, member_id=member_id)
    guest_cart = await guest.add(mug)
    await rows.set_cart_coupon(services, tenant, guest_cart.id, "WELCOME")

    merged = await merge(member, guest.token)

    assert merged.coupon_code == "WELCOME"


@pytest.mark.parametrize("token", [None, "", "no-such-token"])
async def test_an_unknown_token_changes_nothing(
    services: Services, factory: Factory, token: str | None
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant)
    member = Shopper(services, tenant, member_id=member_id)
    mine = await member.add(mug, 2)

    merged = await merge(member, token)

    assert merged.id == mine.id
    assert await member.quantities() == [(mug.id, None, 2)]


async def test_another_tenants_guest_cart_is_unknown(services: Services, factory: Factory) -> None:
    # given
    tenant, other = await factory.tenant(), await factory.tenant()
    [member_id] = await members(services, tenant)
    theirs = await rows.product(services, other)
    stranger = Shopper(services, other)
    their_cart = await stranger.add(theirs)
    member = Shopper(services, tenant, member_id=member_id)

    # when
    await merge(member, stranger.token)

    # then
    assert await member.quantities() == []
    assert await rows.find_cart(services, other, their_cart.id) is not None


async def test_merging_needs_a_member(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    guest = Shopper(services, tenant)

    with pytest.raises(Unauthenticated):
        await guest.run(lambda s: carts.merge_carts(s, ctx=guest.ctx, cart_token="x"))
