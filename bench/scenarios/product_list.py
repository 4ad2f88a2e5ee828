"""A public product listing: 20 active products, each with a category and three variants.

tenantry answers the GraphQL query below (middleware, GraphQL execution, ORM with the tenant
criteria on every statement, two DataLoaders); the baseline (bench/baseline_catalog.py) answers
the same JSON with hand-written SQL.
"""

from __future__ import annotations

from typing import Any

from bench.scenarios.base import Call, Scenario, single
from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.config import Settings
from tenantry.core.context import Ctx, TenantInfo
from tenantry.db.database import Database
from tenantry.models.tenant import ApiKeyKind
from tenantry.resolvers import catalog, tenants

PRODUCTS = 20
PER_PAGE = 20
TENANT_SLUG = "bench-shop"
CATEGORIES = ("Mugs", "Shirts", "Books")
SIZES = ("S", "M", "L")

QUERY = """
query ProductList($page: Int!, $perPage: Int!) {
  products(page: $page, perPage: $perPage) {
    items {
      id
      slug
      name
      price
      currency
      isFeatured
      createdAt
      category { id slug name }
      variants { id name sku options price stock }
    }
    pageInfo { page perPage total lastPage hasNextPage }
  }
}
"""


def body(page: int = 1, per_page: int = PER_PAGE) -> dict[str, Any]:
    return {"query": QUERY, "variables": {"page": page, "perPage": per_page}}


async def seed_catalog(
    db: Database, settings: Settings, *, slug: str = TENANT_SLUG, products: int = PRODUCTS
) -> dict[str, str]:
    """A tenant whose products are written through the same domain functions the API uses."""
    async with db.unit(None) as uow:
        tenant = await tenants.create_tenant(
            uow.session, data=tenants.TenantIn(slug=slug, name="Bench Shop")
        )
        info = TenantInfo.from_model(tenant)
        await uow.commit()
    ctx = Ctx(
        tenant=info,
        settings=settings,
        principal=Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.SECRET),
    )
    async with db.unit(info.id) as uow:
        session = uow.session
        category_ids = [
            (await catalog.create_category(session, ctx=ctx, data=catalog.CategoryIn(name=n))).id
            for n in CATEGORIES
        ]
        for i in range(products):
            product = await catalog.create_product(
                session,
                ctx=ctx,
                data=catalog.ProductIn(
                    name=f"Benchmark product {i + 1}",
                    description="A sample product for the benchmark.",
                    price=1000 + 50 * i,
                    category_id=category_ids[i % len(category_ids)],
                    is_featured=i % 4 == 0,
                ),
            )
            assert product.id is not None
            for position, size in enumerate(SIZES):
                await catalog.create_variant(
                    session,
                    ctx=ctx,
                    product_id=product.id,
                    data=catalog.VariantIn(
                        name=size,
                        sku=f"SKU-{i + 1}-{size}",
                        options={"size": size},
                        price=None if size != "L" else 1200 + 50 * i,
                        stock=10 + i,
                        position=position,
                    ),
                )
        await uow.commit()
    return {"tenant": slug}


SCENARIO = Scenario(
    name="product_list",
    description=f"GraphQL products, {PER_PAGE} products with category and 3 variants each",
    seed=lambda db, settings, clients: seed_catalog(db, settings),
    tenantry=single(
        lambda seeded: Call("POST", "/graphql", headers={"X-Tenant": seeded["tenant"]}, json=body())
    ),
    baseline=single(
        lambda seeded: Call(
            "POST", "/products", headers={"X-Tenant": seeded["tenant"]}, json=body()
        )
    ),
    baseline_app="bench.baseline_catalog:create_app",
)
