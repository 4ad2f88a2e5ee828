"""list_products: each filter of the seed, sorting, statuses and pagination."""

from __future__ import annotations

from typing import Any

import pytest

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.core.context import Ctx
from tenantry.core.errors import Forbidden, Unauthenticated
from tenantry.core.pagination import PageRequest
from tenantry.models.catalog import ProductStatus, ProductType
from tenantry.resolvers import catalog
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.catalog.support import CatalogWriter

pytestmark = pytest.mark.usefixtures("app")


async def slugs(
    writer: CatalogWriter,
    ctx: Ctx | None = None,
    page: PageRequest | None = None,
    **filters: Any,
) -> list[str]:
    async with writer.services.db.unit(writer.tenant.id) as uow:
        found = await catalog.list_products(
            uow.session,
            ctx=ctx or writer.public(),
            filters=catalog.ProductFilters(**filters),
            page=page or PageRequest(),
        )
    return [product.slug for product in found.items]


async def test_category_includes_its_descendants(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    shoes = await writer.category("Shoes")
    running = await writer.category("Running", shoes)
    trail = await writer.category("Trail", running)
    hats = await writer.category("Hats")
    await writer.product("Loafer", category=shoes)
    await writer.product("Racer", category=running)
    await writer.product("Climber", category=trail)
    await writer.product("Cap", category=hats)

    assert sorted(await slugs(writer, category="shoes")) == ["climber", "loafer", "racer"]
    assert sorted(await slugs(writer, category="running")) == ["climber", "racer"]


async def test_an_unknown_category_lists_nothing(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    await writer.product("Loafer")

    assert await slugs(writer, category="nope") == []


async def test_price_range_is_inclusive(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    for name, price in [("a", 99), ("b", 100), ("c", 500), ("d", 501)]:
        await writer.product(name, price)

    assert sorted(await slugs(writer, min_price=100, max_price=500)) == ["b", "c"]


async def test_featured_only(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    await writer.product("Star", is_featured=True)
    await writer.product("Plain")

    assert await slugs(writer, is_featured=True) == ["star"]


async def test_type_filter(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    await writer.product("Ebook", type=ProductType.DIGITAL)
    await writer.product("Mug")

    assert await slugs(writer, type=ProductType.DIGITAL) == ["ebook"]


async def test_search_matches_name_or_description_in_any_case(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    await writer.product("Blue MUG")
    await writer.product("Cup", description="Like a mug, smaller")
    await writer.product("Plate")

    assert sorted(await slugs(writer, search="mug")) == ["blue-mug", "cup"]


async def test_search_treats_wildcards_literally(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    await writer.product("100% cotton")
    await writer.product("1000 cottons")

    assert await slugs(writer, search="0%") == ["100-cotton"]


async def test_in_stock_keeps_untracked_and_positive_stock(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    await writer.product("Plenty", stock=5)
    await writer.product("Untracked")
    await writer.product("Sold out", stock=0)

    assert sorted(await slugs(writer, in_stock=True)) == ["plenty", "untracked"]


async def test_in_stock_asks_the_variants(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    some = await writer.product("Some", stock=0)
    await writer.variant(some, "S", stock=0)
    await writer.variant(some, "M", stock=2)
    none = await writer.product("None left", stock=100)
    await writer.variant(none, "S", stock=0)
    await writer.variant(none, "M", stock=5, is_active=False)
    shared = await writer.product("Shared", stock=3)
    await writer.variant(shared, "One size")

    assert sorted(await slugs(writer, in_stock=True)) == ["shared", "some"]


async def test_in_stock_follows_bundle_components(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    mug = await writer.product("Mug", stock=1)
    shirt = await writer.product("Shirt")
    medium = await writer.variant(shirt, "M", stock=2)
    ebook = await writer.product("Ebook")
    await writer.bundle("One mug", [(mug, 1), (ebook, 1)])
    await writer.bundle("Two mugs", [(mug, 2)])
    await writer.bundle("Two shirts", [(shirt, medium, 2)])
    await writer.bundle("Three shirts", [(shirt, medium, 3)])

    found = await slugs(writer, in_stock=True, type=ProductType.BUNDLE)

    assert sorted(found) == ["one-mug", "two-shirts"]


async def test_in_stock_drops_bundles_with_an_inactive_component(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    mug = await writer.product("Mug", stock=5)
    await writer.bundle("Set", [(mug, 1)])
    await writer.update(mug, status=ProductStatus.DRAFT)

    assert await slugs(writer, in_stock=True, type=ProductType.BUNDLE) == []


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (catalog.ProductSort.NEWEST, ["c", "b", "a"]),
        (catalog.ProductSort.PRICE_ASC, ["b", "c", "a"]),
        (catalog.ProductSort.PRICE_DESC, ["a", "c", "b"]),
        (catalog.ProductSort.NAME, ["a", "b", "c"]),
        (catalog.ProductSort.POPULAR, ["b", "c", "a"]),
    ],
)
async def test_sorting(
    services: Services, factory: Factory, sort: catalog.ProductSort, expected: list[str]
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    await writer.product("a", 300)
    await writer.product("b", 100, is_featured=True)
    await writer.product("c", 200)

    assert await slugs(writer, sort=sort) == expected


async def test_pagination(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    for name in "abcde":
        await writer.product(name)

    second = await slugs(
        writer, page=PageRequest(page=2, per_page=2), sort=catalog.ProductSort.NAME
    )

    assert second == ["c", "d"]


async def test_the_public_lists_active_products_only(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    await writer.product("Live")
    await writer.product("Draft", status=ProductStatus.DRAFT)
    await writer.product("Old", status=ProductStatus.ARCHIVED)

    assert await slugs(writer) == ["live"]


async def test_admins_filter_by_status(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    await writer.product("Live")
    await writer.product("Draft", status=ProductStatus.DRAFT)

    drafts = await slugs(writer, writer.ctx, status=ProductStatus.DRAFT)
    every = await slugs(writer, writer.ctx, any_status=True)

    assert (drafts, sorted(every)) == (["draft"], ["draft", "live"])


@pytest.mark.parametrize(
    ("principal", "error"),
    [
        (Principal(), Unauthenticated),
        (Principal(kind=PrincipalKind.MEMBER, member_id=1), Forbidden),
    ],
)
async def test_others_may_not_ask_for_drafts(
    services: Services, factory: Factory, principal: Principal, error: type[Exception]
) -> None:
    writer = CatalogWriter(services, await factory.tenant())

    with pytest.raises(error):
        await slugs(writer, writer.public(principal), status=ProductStatus.DRAFT)


async def test_another_tenants_products_are_not_listed(
    services: Services, factory: Factory
) -> None:
    await CatalogWriter(services, await factory.tenant()).product("Theirs")
    writer = CatalogWriter(services, await factory.tenant())
    await writer.product("Mine")

    assert await slugs(writer, writer.ctx, any_status=True) == ["mine"]
