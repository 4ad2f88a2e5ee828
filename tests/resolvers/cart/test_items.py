"""Adding, changing and removing cart lines, with the catalog's prices and stock."""

from __future__ import annotations

import pytest

from tenantry.core.errors import Conflict, NotFound, ValidationFailed
from tenantry.core.inputs import parse_input
from tenantry.models.catalog import ProductStatus
from tenantry.resolvers import cart as carts
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart import rows
from tests.resolvers.cart.support import Shopper
from tests.support import members


async def test_a_guests_first_item_creates_a_cart_with_a_fresh_token(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, price=1_500)
    guest = Shopper(services, tenant)

    # when
    cart = await guest.add(mug, 2)

    # then
    assert cart.token is not None
    assert len(cart.token) >= 40
    assert cart.member_id is None
    assert await guest.quantities() == [(mug.id, None, 2)]


async def test_an_unknown_token_gets_a_new_one_not_the_clients(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant)
    guest = Shopper(services, tenant, token="chosen-by-the-client")

    cart = await guest.add(mug)

    assert cart.token != "chosen-by-the-client"


async def test_a_members_item_goes_to_their_own_cart(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant)

    cart = await Shopper(services, tenant, member_id=member_id).add(mug)

    assert cart.member_id == member_id
    assert cart.token is None


async def test_adding_a_product_again_adds_to_its_line(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant)
    guest = Shopper(services, tenant)

    await guest.add(mug, 2)
    await guest.add(mug, 3)

    assert await guest.quantities() == [(mug.id, None, 5)]


async def test_each_variant_is_its_own_line(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    shirt = await rows.product(services, tenant, "Shirt", price=2_000)
    small = await rows.variant(services, tenant, shirt, "S")
    large = await rows.variant(services, tenant, shirt, "L", price=2_500)
    guest = Shopper(services, tenant)

    await guest.add(shirt, 1, small)
    await guest.add(shirt, 2, large)

    assert await guest.quantities() == [(shirt.id, small.id, 1), (shirt.id, large.id, 2)]
    assert [line.total for line in (await guest.summary()).lines] == [2_000, 5_000]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"product_id": 1, "quantity": 0}, "quantity", "The quantity field must be at least 1."),
        ({"product_id": 1, "quantity": -3}, "quantity", "The quantity field must be at least 1."),
        ({"product_id": 1, "quantity": "x"}, "quantity", "The quantity field must be an integer."),
        ({"quantity": 1}, "product_id", "The product id field is required."),
    ],
)
def test_invalid_item_input_names_its_field(
    body: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_input(carts.CartItemIn, body)

    assert caught.value.fields == {field: [message]}


async def test_an_unknown_product_is_invalid(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant)
    mug.id = (mug.id or 0) + 10_000

    with pytest.raises(ValidationFailed) as caught:
        await Shopper(services, tenant).add(mug)

    assert caught.value.fields == {"product_id": ["The selected product is invalid."]}


@pytest.mark.parametrize("status", [ProductStatus.DRAFT, ProductStatus.ARCHIVED])
async def test_a_product_not_for_sale_is_invalid(
    services: Services, factory: Factory, status: ProductStatus
) -> None:
    tenant = await factory.tenant()
    draft = await rows.product(services, tenant, status=status)

    with pytest.raises(ValidationFailed) as caught:
        await Shopper(services, tenant).add(draft)

    assert caught.value.fields == {"product_id": ["The selected product is invalid."]}


async def test_another_tenants_product_is_invalid(services: Services, factory: Factory) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs = await rows.product(services, other)

    with pytest.raises(ValidationFailed) as caught:
        await Shopper(services, tenant).add(theirs)

    assert caught.value.fields == {"product_id": ["The selected product is invalid."]}


async def test_a_product_with_variants_needs_one(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    shirt = await rows.product(services, tenant, "Shirt")
    await rows.variant(services, tenant, shirt, "S")

    with pytest.raises(ValidationFailed) as caught:
        await Shopper(services, tenant).add(shirt)

    assert caught.value.fields == {
        "variant_id": ["The variant id field is required for this product."]
    }


async def test_another_products_variant_is_invalid(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    shirt = await rows.product(services, tenant, "Shirt")
    mug = await rows.product(services, tenant, "Mug")
    small = await rows.variant(services, tenant, shirt, "S")

    with pytest.raises(ValidationFailed) as caught:
        await Shopper(services, tenant).add(mug, 1, small)

    assert caught.value.fields == {"variant_id": ["The selected variant is invalid."]}


async def test_more_than_the_stock_is_a_conflict_naming_the_product(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Blue Mug", stock=3)

    with pytest.raises(Conflict) as caught:
        await Shopper(services, tenant).add(mug, 4)

    assert caught.value.message == "Only 3 of Blue Mug left in stock."
    assert caught.value.code == "out_of_stock"


async def test_the_stock_counts_what_is_already_in_the_cart(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug", stock=3)
    guest = Shopper(services, tenant)
    await guest.add(mug, 3)

    # when
    with pytest.raises(Conflict):
        await guest.add(mug, 1)

    # then
    assert await guest.quantities() == [(mug.id, None, 3)]


async def test_a_sold_out_product_says_so(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug", stock=0)

    with pytest.raises(Conflict) as caught:
        await Shopper(services, tenant).add(mug)

    assert caught.value.message == "Mug is out of stock."


async def test_a_variants_own_stock_counts(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    shirt = await rows.product(services, tenant, "Shirt", stock=100)
    small = await rows.variant(services, tenant, shirt, "S", stock=1)

    with pytest.raises(Conflict):
        await Shopper(services, tenant).add(shirt, 2, small)


async def test_a_bundle_is_limited_by_its_components(services: Services, factory: Factory) -> None:
    # given: two mugs per bundle, three mugs in stock -> one bundle
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug", stock=3)
    spoon = await rows.product(services, tenant, "Spoon")
    box = await rows.bundle(services, tenant, [(mug, 2), (spoon, 1)])
    guest = Shopper(services, tenant)

    # when
    await guest.add(box, 1)
    with pytest.raises(Conflict) as caught:
        await guest.add(box, 1)

    # then
    assert caught.value.message == "Only 1 of Bundle left in stock."
    assert await guest.quantities() == [(box.id, None, 1)]


async def test_updating_sets_the_quantity(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, stock=10)
    guest = Shopper(services, tenant)
    cart = await guest.add(mug, 2)
    [item] = await rows.cart_rows(services, tenant, cart.id)

    await guest.update(item.id, 7)

    assert await guest.quantities() == [(mug.id, None, 7)]


async def test_updating_beyond_the_stock_is_a_conflict(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug", stock=5)
    guest = Shopper(services, tenant)
    cart = await guest.add(mug, 2)
    [item] = await rows.cart_rows(services, tenant, cart.id)

    with pytest.raises(Conflict) as caught:
        await guest.update(item.id, 6)

    assert caught.value.message == "Only 5 of Mug left in stock."
    assert await guest.quantities() == [(mug.id, None, 2)]


async def test_updating_a_product_taken_off_sale_is_a_conflict(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    guest = Shopper(services, tenant)
    cart = await guest.add(mug, 2)
    [item] = await rows.cart_rows(services, tenant, cart.id)
    await rows.change_product(services, tenant, mug.id, status=ProductStatus.DRAFT)

    with pytest.raises(Conflict) as caught:
        await guest.update(item.id, 3)

    assert caught.value.message == "Mug is no longer available."


async def test_removing_deletes_the_line(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    cup = await rows.product(services, tenant, "Cup")
    guest = Shopper(services, tenant)
    await guest.add(mug)
    cart = await guest.add(cup)
    first, _ = await rows.cart_rows(services, tenant, cart.id)

    await guest.remove(first.id)

    assert await guest.quantities() == [(cup.id, None, 1)]


async def test_another_guests_item_is_not_found(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant)
    owner, stranger = Shopper(services, tenant), Shopper(services, tenant)
    cart = await owner.add(mug)
    await stranger.add(mug)
    [item] = await rows.cart_rows(services, tenant, cart.id)

    # when / then
    with pytest.raises(NotFound) as caught:
        await stranger.update(item.id, 2)
    assert caught.value.message == "Cart item not found."
    with pytest.raises(NotFound):
        await stranger.remove(item.id)
    assert await owner.quantities() == [(mug.id, None, 1)]


async def test_another_members_item_is_not_found(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [owner_id, other_id] = await members(services, tenant, 2)
    mug = await rows.product(services, tenant)
    cart = await Shopper(services, tenant, member_id=owner_id).add(mug)
    [item] = await rows.cart_rows(services, tenant, cart.id)

    with pytest.raises(NotFound):
        await Shopper(services, tenant, member_id=other_id).remove(item.id)


async def test_a_guest_without_a_cart_has_no_items(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()

    with pytest.raises(NotFound):
        await Shopper(services, tenant).update(1, 2)


async def test_a_member_never_reaches_a_guest_cart_by_its_token(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant)
    guest = Shopper(services, tenant)
    await guest.add(mug)

    member = Shopper(services, tenant, member_id=member_id, token=guest.token)

    assert await member.cart() is None


async def test_clearing_empties_the_cart_and_drops_its_coupon(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant)
    guest = Shopper(services, tenant)
    cart = await guest.add(mug, 2)
    await rows.coupon(services, tenant, "SAVE10")
    await rows.set_cart_coupon(services, tenant, cart.id, "SAVE10")

    # when
    cleared = await guest.run(
        lambda s: carts.clear_my_cart(s, ctx=guest.ctx, cart_token=guest.token)
    )

    # then
    assert cleared.id == cart.id
    assert cleared.coupon_code is None
    assert await guest.quantities() == []
