"""set_bundle_items: what a bundle may contain."""

from __future__ import annotations

import pytest

from tenantry.core.errors import ValidationFailed
from tenantry.models.catalog import ProductType
from tenantry.resolvers import catalog
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.catalog.support import CatalogWriter

pytestmark = pytest.mark.usefixtures("app")


async def set_items(
    writer: CatalogWriter, bundle_id: int | None, *items: catalog.BundleItemIn
) -> list[catalog.BundleLine]:
    assert bundle_id is not None
    async with writer.services.db.unit(writer.tenant.id) as uow:
        lines = await catalog.set_bundle_items(
            uow.session,
            ctx=writer.ctx,
            bundle_id=bundle_id,
            data=catalog.BundleItemsIn(items=list(items)),
        )
        await uow.commit()
    return lines


def item(
    product_id: int | None, quantity: int = 1, variant_id: int | None = None
) -> catalog.BundleItemIn:
    assert product_id is not None
    return catalog.BundleItemIn(product_id=product_id, variant_id=variant_id, quantity=quantity)


async def test_components_replace_the_previous_ones(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    mug, cup = await writer.product("Mug"), await writer.product("Cup")
    bundle = await writer.bundle("Set", [(mug, 1)])

    lines = await set_items(writer, bundle.id, item(cup.id, 2), item(cup.id, 1))

    assert [(line.product.slug, line.item.quantity) for line in lines] == [("cup", 3)]


async def test_a_bundle_cannot_contain_itself(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    bundle = await writer.product("Set", type=ProductType.BUNDLE)

    with pytest.raises(ValidationFailed) as raised:
        await set_items(writer, bundle.id, item(bundle.id))

    assert raised.value.fields == {"items.0.product_id": ["A bundle cannot contain itself."]}


async def test_a_bundle_cannot_contain_another_bundle(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    inner = await writer.product("Inner", type=ProductType.BUNDLE)
    outer = await writer.product("Outer", type=ProductType.BUNDLE)

    with pytest.raises(ValidationFailed) as raised:
        await set_items(writer, outer.id, item(inner.id))

    assert raised.value.fields == {
        "items.0.product_id": ["A bundle cannot contain another bundle."]
    }


async def test_only_bundles_have_items(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    mug, cup = await writer.product("Mug"), await writer.product("Cup")

    with pytest.raises(ValidationFailed) as raised:
        await set_items(writer, mug.id, item(cup.id))

    assert raised.value.fields == {"bundle_id": ["Only a bundle product has bundle items."]}


async def test_a_variant_must_belong_to_its_product(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    shirt, hat = await writer.product("Shirt"), await writer.product("Hat")
    hat_size = await writer.variant(hat, "One size")
    bundle = await writer.product("Set", type=ProductType.BUNDLE)

    with pytest.raises(ValidationFailed) as raised:
        await set_items(writer, bundle.id, item(shirt.id, variant_id=hat_size.id))

    assert raised.value.fields == {"items.0.variant_id": ["The selected variant id is invalid."]}


async def test_a_product_with_variants_needs_one_chosen(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    shirt = await writer.product("Shirt")
    await writer.variant(shirt, "M")
    bundle = await writer.product("Set", type=ProductType.BUNDLE)

    with pytest.raises(ValidationFailed) as raised:
        await set_items(writer, bundle.id, item(shirt.id))

    assert raised.value.fields == {
        "items.0.variant_id": ["The variant id field is required for this product."]
    }


async def test_another_tenants_product_is_an_invalid_component(
    services: Services, factory: Factory
) -> None:
    theirs = await CatalogWriter(services, await factory.tenant()).product("Mug")
    writer = CatalogWriter(services, await factory.tenant())
    bundle = await writer.product("Set", type=ProductType.BUNDLE)

    with pytest.raises(ValidationFailed) as raised:
        await set_items(writer, bundle.id, item(theirs.id))

    assert raised.value.fields == {"items.0.product_id": ["The selected product id is invalid."]}


async def test_leaving_bundle_type_drops_the_components(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    mug = await writer.product("Mug")
    bundle = await writer.bundle("Set", [(mug, 1)])

    await writer.update(bundle, type=ProductType.SIMPLE)

    async with services.db.unit(writer.tenant.id) as uow:
        assert await catalog.list_bundle_items(uow.session, product=bundle) == []
