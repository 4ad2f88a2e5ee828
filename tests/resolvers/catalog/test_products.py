"""Creating, updating, deleting and reading products through the resolvers."""

from __future__ import annotations

import pytest

from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.models.catalog import BillingInterval, ProductStatus, ProductType
from tenantry.resolvers import catalog
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.catalog.support import CatalogWriter

pytestmark = pytest.mark.usefixtures("app")


async def test_slug_follows_the_name_in_any_script(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())

    product = await writer.product("서울 Coffee Mug!")

    assert product.slug == "서울-coffee-mug"


async def test_a_taken_slug_gets_a_numbered_suffix(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    await writer.product("Mug")

    second = await writer.product("Mug")
    third = await writer.product("Mug")

    assert (second.slug, third.slug) == ("mug-2", "mug-3")


async def test_an_explicit_taken_slug_is_refused(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    await writer.product("Mug", slug="cup")

    with pytest.raises(ValidationFailed) as raised:
        await writer.product("Other", slug="cup")

    assert raised.value.fields == {"slug": ["The slug has already been taken."]}


async def test_slugs_are_unique_per_tenant_only(services: Services, factory: Factory) -> None:
    await CatalogWriter(services, await factory.tenant()).product("Mug")

    other = await CatalogWriter(services, await factory.tenant()).product("Mug")

    assert other.slug == "mug"


async def test_currency_defaults_to_the_tenants(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant(currency="KRW"))

    default = await writer.product("Mug")
    explicit = await writer.product("Cup", currency="usd")

    assert (default.currency, explicit.currency) == ("KRW", "USD")


def test_a_negative_price_is_refused() -> None:
    with pytest.raises(ValueError, match="greater than or equal to 0"):
        catalog.ProductIn(name="Mug", price=-1)


async def test_stock_none_means_untracked(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())

    product = await writer.product("Ebook", type=ProductType.DIGITAL)

    assert product.stock is None
    assert catalog.product_quantity(product, []) is None


async def test_a_subscription_carries_its_billing_interval(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())

    product = await writer.product(
        "Coffee club", type=ProductType.SUBSCRIPTION, billing_interval=BillingInterval.MONTH
    )

    assert (product.billing_interval, product.billing_interval_count) == ("month", 1)


async def test_a_subscription_without_interval_is_refused(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())

    with pytest.raises(ValidationFailed) as raised:
        await writer.product("Coffee club", type=ProductType.SUBSCRIPTION)

    assert raised.value.fields == {
        "billing_interval": ["The billing interval field is required when type is subscription."]
    }


async def test_a_billing_interval_outside_subscriptions_is_refused(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())

    with pytest.raises(ValidationFailed) as raised:
        await writer.product("Mug", billing_interval=BillingInterval.MONTH)

    assert list(raised.value.fields) == ["billing_interval"]


async def test_a_bundle_keeps_no_stock_of_its_own(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())

    with pytest.raises(ValidationFailed) as raised:
        await writer.product("Box", type=ProductType.BUNDLE, stock=5)

    assert list(raised.value.fields) == ["stock"]


async def test_an_unknown_category_is_refused(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())

    with pytest.raises(ValidationFailed) as raised:
        await writer.product("Mug", category_id=999_999)

    assert raised.value.fields == {"category_id": ["The selected category id is invalid."]}


async def test_update_changes_only_the_given_fields(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    product = await writer.product("Mug", 1200, stock=4, sku="MUG-1")

    updated = await writer.update(product, price=1500, stock=None)

    assert (updated.name, updated.price, updated.stock, updated.sku) == (
        "Mug",
        1500,
        None,
        "MUG-1",
    )


async def test_leaving_subscription_clears_the_interval(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    product = await writer.product(
        "Club", type=ProductType.SUBSCRIPTION, billing_interval=BillingInterval.YEAR
    )

    updated = await writer.update(product, type=ProductType.SIMPLE)

    assert (updated.billing_interval, updated.billing_interval_count) == (None, None)


async def test_a_product_with_variants_cannot_become_a_bundle(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    product = await writer.product("Shirt")
    await writer.variant(product, "S")

    with pytest.raises(ValidationFailed) as raised:
        await writer.update(product, type=ProductType.BUNDLE)

    assert raised.value.fields == {"type": ["A product with variants cannot be a bundle."]}


async def test_updating_an_unknown_product_is_not_found(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())

    with pytest.raises(NotFound):
        async with services.db.unit(writer.tenant.id) as uow:
            await catalog.update_product(
                uow.session, ctx=writer.ctx, product_id=999_999, data=catalog.ProductUpdate()
            )


async def test_delete_removes_the_product(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    product = await writer.product("Mug")
    assert product.id is not None
    await writer.variant(product, "Blue")

    async with services.db.unit(writer.tenant.id) as uow:
        await catalog.delete_product(uow.session, ctx=writer.ctx, product_id=product.id)
        await uow.commit()

    with pytest.raises(NotFound):
        async with services.db.unit(writer.tenant.id) as uow:
            await catalog.get_product_by_id(uow.session, ctx=writer.ctx, product_id=product.id)


async def test_the_public_does_not_see_drafts(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    draft = await writer.product("Secret", status=ProductStatus.DRAFT)
    assert draft.id is not None

    with pytest.raises(NotFound):
        async with services.db.unit(writer.tenant.id) as uow:
            await catalog.get_product_by_id(uow.session, ctx=writer.public(), product_id=draft.id)


async def test_admins_see_drafts(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    draft = await writer.product("Secret", status=ProductStatus.DRAFT)

    async with services.db.unit(writer.tenant.id) as uow:
        found = await catalog.get_product(uow.session, ctx=writer.ctx, slug="secret")

    assert found.id == draft.id


async def test_another_tenants_product_is_not_found(services: Services, factory: Factory) -> None:
    theirs = await CatalogWriter(services, await factory.tenant()).product("Mug")
    assert theirs.id is not None
    mine = CatalogWriter(services, await factory.tenant())

    with pytest.raises(NotFound):
        async with services.db.unit(mine.tenant.id) as uow:
            await catalog.get_product_by_id(uow.session, ctx=mine.ctx, product_id=theirs.id)
    with pytest.raises(NotFound):
        async with services.db.unit(mine.tenant.id) as uow:
            await catalog.get_product(uow.session, ctx=mine.ctx, slug="mug")


async def test_get_variant_finds_an_active_variant_of_the_product(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    product = await writer.product("Shirt")
    variant = await writer.variant(product, "M", price=2500)
    assert variant.id is not None

    async with services.db.unit(writer.tenant.id) as uow:
        found = await catalog.get_variant(uow.session, product=product, variant_id=variant.id)

    assert found.id == variant.id
    assert catalog.unit_price(product, found) == 2500


@pytest.mark.parametrize("case", ["inactive", "other-product"])
async def test_get_variant_refuses_others(services: Services, factory: Factory, case: str) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    product = await writer.product("Shirt")
    other = await writer.product("Hat")
    owner = product if case == "inactive" else other
    variant = await writer.variant(owner, "M", is_active=case != "inactive")
    assert variant.id is not None

    with pytest.raises(NotFound) as raised:
        async with services.db.unit(writer.tenant.id) as uow:
            await catalog.get_variant(uow.session, product=product, variant_id=variant.id)

    assert raised.value.resource == "variant"


async def test_unit_price_falls_back_to_the_product(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    product = await writer.product("Shirt", 2000)
    variant = await writer.variant(product, "M")

    assert catalog.unit_price(product, variant) == 2000
    assert catalog.unit_price(product, None) == 2000
