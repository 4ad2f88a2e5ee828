"""Variant writes: options, own price, SKU, stock; bundles have none."""

from __future__ import annotations

import pytest

from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.models.catalog import ProductType
from tenantry.resolvers import catalog
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.catalog.support import CatalogWriter

pytestmark = pytest.mark.usefixtures("app")


async def test_create_keeps_options_price_sku_and_stock(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    shirt = await writer.product("Shirt", 2000)

    variant = await writer.variant(
        shirt, "Red / M", options={"color": "red", "size": "M"}, price=2200, sku="SH-RM", stock=4
    )

    assert (variant.options, variant.price, variant.sku, variant.stock) == (
        {"color": "red", "size": "M"},
        2200,
        "SH-RM",
        4,
    )


def test_options_must_be_scalars() -> None:
    with pytest.raises(ValueError, match="option values"):
        catalog.VariantIn(options={"size": {"nested": True}})


async def test_a_bundle_has_no_variants(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    bundle = await writer.product("Set", type=ProductType.BUNDLE)

    with pytest.raises(ValidationFailed) as raised:
        await writer.variant(bundle, "S")

    assert list(raised.value.fields) == ["product_id"]


async def test_update_clears_the_own_price(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    shirt = await writer.product("Shirt", 2000)
    variant = await writer.variant(shirt, "M", price=2500)
    assert variant.id is not None

    async with services.db.unit(writer.tenant.id) as uow:
        updated = await catalog.update_variant(
            uow.session,
            ctx=writer.ctx,
            variant_id=variant.id,
            data=catalog.VariantUpdate(price=None, stock=3),
        )
        await uow.commit()

    assert (updated.price, updated.stock, catalog.unit_price(shirt, updated)) == (None, 3, 2000)


async def test_another_tenants_variant_is_not_found(services: Services, factory: Factory) -> None:
    theirs = CatalogWriter(services, await factory.tenant())
    variant = await theirs.variant(await theirs.product("Shirt"), "M")
    assert variant.id is not None
    writer = CatalogWriter(services, await factory.tenant())

    with pytest.raises(NotFound):
        async with services.db.unit(writer.tenant.id) as uow:
            await catalog.delete_variant(uow.session, ctx=writer.ctx, variant_id=variant.id)
