"""GraphQL catalog writes: staff only, parsed by the same inputs as REST."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlmodel import col, select

from tenantry.models.catalog import ProductType
from tenantry.models.event import DomainEvent
from tenantry.resolvers.sessions import SessionKind, issue_tokens
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.catalog.support import CatalogWriter
from tests.support import create_member, error_codes, graphql, make_ctx, staff_token

CREATE = """
mutation Create($input: CreateProductInput!) {
  createProduct(input: $input) {
    id slug name price currency stock type status billingInterval billingIntervalCount
    category { slug } variants { name }
  }
}
"""

UPDATE = """
mutation Update($id: ID!, $input: UpdateProductInput!) {
  updateProduct(id: $id, input: $input) { slug price stock status updatedAt }
}
"""


async def admin(services: Services, factory: Factory, tenant: TenantFixture) -> str:
    staff_id, _ = await factory.staff(tenant)
    return await staff_token(services, tenant, staff_id)


async def run(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str
) -> dict[str, Any]:
    return await graphql(client, query, variables, bearer=token)


async def test_create_product(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant(currency="EUR")
    category = await CatalogWriter(services, tenant).category("Clubs")
    token = await admin(services, factory, tenant)
    data = {
        "name": "Coffee Club",
        "price": 1500,
        "type": "SUBSCRIPTION",
        "billingInterval": "MONTH",
        "billingIntervalCount": 3,
        "categoryId": str(category.id),
        "description": None,
    }

    body = await run(client, CREATE, {"input": data}, token)

    assert "errors" not in body, body
    created = body["data"]["createProduct"]
    assert {k: v for k, v in created.items() if k != "id"} == {
        "slug": "coffee-club",
        "name": "Coffee Club",
        "price": 1500,
        "currency": "EUR",
        "stock": None,
        "type": "SUBSCRIPTION",
        "status": "ACTIVE",
        "billingInterval": "MONTH",
        "billingIntervalCount": 3,
        "category": {"slug": "clubs"},
        "variants": [],
    }


async def test_create_with_a_bad_price_is_bad_user_input(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    token = await admin(services, factory, tenant)

    body = await run(client, CREATE, {"input": {"name": "Mug", "price": -1}}, token)

    [error] = body["errors"]
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "reason": "parameter_invalid",
        "fields": {"price": ["The price field must be at least 0."]},
    }


@pytest.mark.parametrize("who", ["anonymous", "member", "publishable-key"])
async def test_others_may_not_create(
    client: httpx.AsyncClient, factory: Factory, services: Services, who: str
) -> None:
    tenant = await factory.tenant()
    headers = {"X-Tenant": tenant.slug}
    if who == "member":
        member = await create_member(services, tenant)
        async with services.db.unit(tenant.id) as uow:
            assert member.id is not None
            tokens = await issue_tokens(
                uow.session,
                ctx=make_ctx(services, tenant),
                kind=SessionKind.MEMBER,
                subject_id=member.id,
            )
            await uow.commit()
        headers["Authorization"] = f"Bearer {tokens.access_token}"
    if who == "publishable-key":
        headers["X-API-Key"] = tenant.publishable_key

    response = await client.post(
        "/graphql",
        json={"query": CREATE, "variables": {"input": {"name": "Mug", "price": 1}}},
        headers=headers,
    )

    expected = "FORBIDDEN" if who == "member" else "UNAUTHENTICATED"
    assert error_codes(response.json()) == [expected]


async def test_update_product_writes_its_event(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    product = await CatalogWriter(services, tenant).product("Mug", 100, stock=5)

    body = await run(
        client,
        UPDATE,
        {"id": str(product.id), "input": {"price": 250, "stock": None, "status": "ARCHIVED"}},
        tenant.secret_key,
    )

    assert "errors" not in body, body
    updated = body["data"]["updateProduct"]
    assert (updated["slug"], updated["price"], updated["stock"], updated["status"]) == (
        "mug",
        250,
        None,
        "ARCHIVED",
    )
    async with services.db.unit(tenant.id) as uow:
        types = list(
            await uow.session.scalars(select(DomainEvent.type).order_by(col(DomainEvent.id)))
        )
    assert types == ["product.created", "product.updated"]


async def test_update_unknown_is_not_found(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    body = await run(client, UPDATE, {"id": "999999", "input": {}}, tenant.secret_key)

    assert error_codes(body) == ["NOT_FOUND"]


async def test_delete_product(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    product = await CatalogWriter(services, tenant).product("Mug")
    query = "mutation D($id: ID!) { deleteProduct(id: $id) }"

    body = await run(client, query, {"id": str(product.id)}, tenant.secret_key)
    again = await run(client, query, {"id": str(product.id)}, tenant.secret_key)

    assert body["data"] == {"deleteProduct": True}
    assert error_codes(again) == ["NOT_FOUND"]


VARIANTS = """
mutation V($productId: ID!, $input: CreateProductVariantInput!) {
  createProductVariant(productId: $productId, input: $input) {
    id name options price ownPrice stock inStock
  }
}
"""


async def test_variant_lifecycle(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    product = await CatalogWriter(services, tenant).product("Shirt", 2000, stock=4)
    key = tenant.secret_key

    created = await run(
        client,
        VARIANTS,
        {"productId": str(product.id), "input": {"name": "M", "options": {"size": "M"}}},
        key,
    )
    variant = created["data"]["createProductVariant"]
    updated = await run(
        client,
        "mutation U($id: ID!) { updateProductVariant(id: $id, input: {price: 2100, stock: 0})"
        " { price ownPrice stock inStock } }",
        {"id": variant["id"]},
        key,
    )
    deleted = await run(
        client, "mutation D($id: ID!) { deleteProductVariant(id: $id) }", {"id": variant["id"]}, key
    )

    assert {k: v for k, v in variant.items() if k != "id"} == {
        "name": "M",
        "options": {"size": "M"},
        "price": 2000,
        "ownPrice": None,
        "stock": None,
        "inStock": True,
    }
    assert updated["data"]["updateProductVariant"] == {
        "price": 2100,
        "ownPrice": 2100,
        "stock": 0,
        "inStock": False,
    }
    assert deleted["data"] == {"deleteProductVariant": True}


async def test_set_images_bundle_items_and_related(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    mug = await writer.product("Mug", stock=4)
    bundle = await writer.product("Set", type=ProductType.BUNDLE)
    key = tenant.secret_key

    images = await run(
        client,
        "mutation I($id: ID!, $images: [ProductImageInput!]!) {"
        " setProductImages(productId: $id, images: $images) { images { url alt position } } }",
        {"id": str(mug.id), "images": [{"url": "https://i.example/a.png"}, {"url": "/b.png"}]},
        key,
    )
    items = await run(
        client,
        "mutation B($id: ID!, $items: [BundleItemInput!]!) {"
        " setBundleItems(bundleId: $id, items: $items)"
        " { availableQuantity bundleItems { quantity product { slug } } } }",
        {"id": str(bundle.id), "items": [{"productId": str(mug.id), "quantity": 2}]},
        key,
    )
    related = await run(
        client,
        "mutation R($id: ID!, $ids: [ID!]!) {"
        " setRelatedProducts(productId: $id, relatedIds: $ids) { slug } }",
        {"id": str(mug.id), "ids": [str(bundle.id)]},
        key,
    )
    self_bundle = await run(
        client,
        "mutation B($id: ID!, $items: [BundleItemInput!]!) {"
        " setBundleItems(bundleId: $id, items: $items) { slug } }",
        {"id": str(bundle.id), "items": [{"productId": str(bundle.id)}]},
        key,
    )

    assert images["data"]["setProductImages"]["images"] == [
        {"url": "https://i.example/a.png", "alt": "", "position": 0},
        {"url": "/b.png", "alt": "", "position": 1},
    ]
    assert items["data"]["setBundleItems"] == {
        "availableQuantity": 2,
        "bundleItems": [{"quantity": 2, "product": {"slug": "mug"}}],
    }
    assert related["data"]["setRelatedProducts"] == {"slug": "mug"}
    assert self_bundle["errors"][0]["extensions"]["fields"] == {
        "items.0.product_id": ["A bundle cannot contain itself."]
    }


CATEGORY = """
mutation C($input: CreateProductCategoryInput!) {
  createProductCategory(input: $input) { id slug parent { slug } breadcrumbs { slug } }
}
"""


async def test_category_lifecycle(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    key = tenant.secret_key

    root = await run(client, CATEGORY, {"input": {"name": "Shoes"}}, key)
    root_id = root["data"]["createProductCategory"]["id"]
    child = await run(client, CATEGORY, {"input": {"name": "Running", "parentId": root_id}}, key)
    child_id = child["data"]["createProductCategory"]["id"]
    cycle = await run(
        client,
        "mutation U($id: ID!, $p: ID) { updateProductCategory(id: $id, input: {parentId: $p})"
        " { slug } }",
        {"id": root_id, "p": child_id},
        key,
    )
    deleted = await run(
        client, "mutation D($id: ID!) { deleteProductCategory(id: $id) }", {"id": root_id}, key
    )

    assert child["data"]["createProductCategory"]["parent"] == {"slug": "shoes"}
    assert child["data"]["createProductCategory"]["breadcrumbs"] == [
        {"slug": "shoes"},
        {"slug": "running"},
    ]
    assert error_codes(cycle) == ["BAD_USER_INPUT"]
    assert deleted["data"] == {"deleteProductCategory": True}
