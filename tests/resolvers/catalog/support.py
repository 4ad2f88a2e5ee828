"""Catalog rows for tests, written through the catalog resolvers, one transaction per call."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from sqlmodel import col, select

from tenantry.auth.principal import Principal
from tenantry.core.context import Ctx
from tenantry.models.catalog import Product, ProductCategory, ProductType, ProductVariant
from tenantry.models.member import Member
from tenantry.models.reviews import Review
from tenantry.resolvers import catalog
from tenantry.serving.services import Services
from tests.conftest import TenantFixture
from tests.support import SECRET_KEY_PRINCIPAL, make_ctx


class CatalogWriter:
    """Writes one tenant's catalog as an admin (a secret key)."""

    def __init__(self, services: Services, tenant: TenantFixture) -> None:
        self.services = services
        self.tenant = tenant
        self.ctx = make_ctx(services, tenant, SECRET_KEY_PRINCIPAL)

    def public(self, principal: Principal | None = None) -> Ctx:
        return make_ctx(self.services, self.tenant, principal)

    async def category(
        self, name: str, parent: ProductCategory | None = None, **fields: Any
    ) -> ProductCategory:
        if parent is not None:
            fields["parent_id"] = parent.id
        data = catalog.CategoryIn(name=name, **fields)
        async with self.services.db.unit(self.tenant.id) as uow:
            category = await catalog.create_category(uow.session, ctx=self.ctx, data=data)
            await uow.commit()
        return category

    async def product(
        self,
        name: str,
        price: int = 1000,
        *,
        category: ProductCategory | None = None,
        **fields: Any,
    ) -> Product:
        if category is not None:
            fields["category_id"] = category.id
        data = catalog.ProductIn(name=name, price=price, **fields)
        async with self.services.db.unit(self.tenant.id) as uow:
            product = await catalog.create_product(uow.session, ctx=self.ctx, data=data)
            await uow.commit()
        return product

    async def bundle(self, name: str, items: Sequence[tuple[Any, ...]], **fields: Any) -> Product:
        """items: (product, quantity) or (product, variant, quantity)."""
        bundle = await self.product(name, type=ProductType.BUNDLE, **fields)
        lines = []
        for entry in items:
            product, *rest = entry
            variant = rest[0] if len(rest) == 2 else None
            lines.append(
                catalog.BundleItemIn(
                    product_id=product.id,
                    variant_id=variant.id if variant else None,
                    quantity=rest[-1],
                )
            )
        async with self.services.db.unit(self.tenant.id) as uow:
            assert bundle.id is not None
            await catalog.set_bundle_items(
                uow.session,
                ctx=self.ctx,
                bundle_id=bundle.id,
                data=catalog.BundleItemsIn(items=lines),
            )
            await uow.commit()
        return bundle

    async def variant(self, product: Product, name: str, **fields: Any) -> ProductVariant:
        assert product.id is not None
        async with self.services.db.unit(self.tenant.id) as uow:
            variant = await catalog.create_variant(
                uow.session,
                ctx=self.ctx,
                product_id=product.id,
                data=catalog.VariantIn(name=name, **fields),
            )
            await uow.commit()
        return variant

    async def images(self, product: Product, *urls: str) -> None:
        assert product.id is not None
        data = catalog.ImagesIn(images=[catalog.ImageIn(url=url, alt=url) for url in urls])
        async with self.services.db.unit(self.tenant.id) as uow:
            await catalog.set_product_images(
                uow.session, ctx=self.ctx, product_id=product.id, data=data
            )
            await uow.commit()

    async def related(self, product: Product, *others: Product) -> None:
        assert product.id is not None
        data = catalog.RelatedIn(product_ids=[p.id for p in others if p.id is not None])
        async with self.services.db.unit(self.tenant.id) as uow:
            await catalog.set_related_products(
                uow.session, ctx=self.ctx, product_id=product.id, data=data
            )
            await uow.commit()

    async def update(self, product: Product, **fields: Any) -> Product:
        assert product.id is not None
        async with self.services.db.unit(self.tenant.id) as uow:
            updated = await catalog.update_product(
                uow.session,
                ctx=self.ctx,
                product_id=product.id,
                data=catalog.ProductUpdate(**fields),
            )
            await uow.commit()
        return updated

    async def reviews(self, product: Product, *ratings: int, visible: bool = True) -> None:
        """Reviews written directly: the reviews domain is not part of the catalog."""
        async with self.services.db.unit(self.tenant.id) as uow:
            for rating in ratings:
                member = Member(
                    email=f"m-{secrets.token_hex(6)}@example.com", name="M", password_hash="x"
                )
                uow.session.add(member)
                await uow.session.flush()
                assert member.id is not None
                uow.session.add(
                    Review(
                        product_id=product.id,
                        member_id=member.id,
                        rating=rating,
                        is_visible=visible,
                    )
                )
            await uow.commit()

    async def reload(self, product: Product) -> Product:
        async with self.services.db.unit(self.tenant.id) as uow:
            found = await uow.session.scalar(select(Product).where(col(Product.id) == product.id))
        assert found is not None
        return found


async def build_catalog(services: Services, tenant: TenantFixture, count: int) -> None:
    """count active products, each with a category, two variants, two images and a review,
    written through the resolvers in one transaction."""
    writer = CatalogWriter(services, tenant)
    async with services.db.unit(tenant.id) as uow:
        session, ctx = uow.session, writer.ctx
        categories = [
            await catalog.create_category(session, ctx=ctx, data=catalog.CategoryIn(name=name))
            for name in ("Mugs", "Cups", "Plates")
        ]
        member = Member(email=f"m-{secrets.token_hex(6)}@example.com", password_hash="x")
        session.add(member)
        await session.flush()
        for index in range(count):
            category = categories[index % len(categories)]
            product = await catalog.create_product(
                session,
                ctx=ctx,
                data=catalog.ProductIn(
                    name=f"Product {index}", price=100 + index, category_id=category.id
                ),
            )
            assert product.id is not None
            for size in ("S", "M"):
                await catalog.create_variant(
                    session,
                    ctx=ctx,
                    product_id=product.id,
                    data=catalog.VariantIn(name=size, options={"size": size}, stock=index),
                )
            images = [catalog.ImageIn(url=f"https://img.example/{index}/{n}.png") for n in (1, 2)]
            await catalog.set_product_images(
                session, ctx=ctx, product_id=product.id, data=catalog.ImagesIn(images=images)
            )
            assert member.id is not None
            session.add(Review(product_id=product.id, member_id=member.id, rating=1 + index % 5))
        await uow.commit()
