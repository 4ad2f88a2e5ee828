"""The wishlist over GraphQL: queries, mutations, errors, and a fixed statement count."""

from __future__ import annotations

from typing import Any

import httpx

from tenantry.models.catalog import Product
from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter, TenantFixture
from tests.resolvers.cart import rows
from tests.support import error_codes, graphql, member_token, members

ITEM = """
id note createdAt
product { id slug name price inStock images { url } category { slug } rating { average count } }
variant { id name price }
"""
WISHLIST = f"""
query($page: Int!, $perPage: Int!) {{
  wishlist(page: $page, perPage: $perPage) {{
    items {{ {ITEM} }}
    pageInfo {{ page perPage total lastPage hasNextPage }}
  }}
  wishlistCount
}}
"""
ADD = f"""
mutation($product: ID!, $variant: ID, $note: String) {{
  addToWishlist(productId: $product, variantId: $variant, note: $note) {{ {ITEM} }}
}}
"""
TOGGLE = f"""
mutation($product: ID!) {{
  toggleWishlist(productId: $product) {{ inWishlist item {{ {ITEM} }} }}
}}
"""
IN_WISHLIST = "query($ids: [ID!]!) { inWishlist(productIds: $ids) { productId inWishlist } }"
NOTE = "mutation($id: ID!, $note: String!) { updateWishlistNote(id: $id, note: $note) { id note } }"
REMOVE = "mutation($id: ID!) { removeFromWishlist(id: $id) }"
MOVE = """
mutation($ids: [ID!]) {
  moveWishlistToCart(itemIds: $ids) { moved failed { id reason message } }
}
"""
PRODUCT_COUNT = "query($slug: String!) { productWishlistCount(slug: $slug) }"


async def member(services: Services, tenant: TenantFixture) -> str:
    [member_id] = await members(services, tenant)
    return await member_token(services, tenant, member_id)


async def add(
    client: httpx.AsyncClient, tenant: TenantFixture, token: str, product: Product, **extra: Any
) -> dict[str, Any]:
    body = await graphql(
        client, ADD, {"product": str(product.id), **extra}, tenant=tenant.slug, bearer=token
    )
    assert "errors" not in body, body
    item: dict[str, Any] = body["data"]["addToWishlist"]
    return item


async def test_add_then_read_the_wishlist(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    token = await member(services, tenant)
    shirt = await rows.product(services, tenant, "Shirt", price=2000)
    large = await rows.variant(services, tenant, shirt, "L", price=2500)

    # when
    added = await add(client, tenant, token, shirt, variant=str(large.id), note="gift")
    body = await graphql(
        client, WISHLIST, {"page": 1, "perPage": 10}, tenant=tenant.slug, bearer=token
    )

    # then
    assert added["note"] == "gift"
    assert added["product"]["id"] == str(shirt.id)
    assert added["variant"] == {"id": str(large.id), "name": "L", "price": 2500}
    assert body["data"] == {
        "wishlist": {
            "items": [added],
            "pageInfo": {
                "page": 1,
                "perPage": 10,
                "total": 1,
                "lastPage": 1,
                "hasNextPage": False,
            },
        },
        "wishlistCount": 1,
    }


async def test_adding_twice_returns_the_same_item(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    token = await member(services, tenant)
    mug = await rows.product(services, tenant, "Mug")

    first = await add(client, tenant, token, mug)
    second = await add(client, tenant, token, mug)

    assert first["id"] == second["id"]


async def test_an_invalid_product_is_bad_user_input(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    token = await member(services, tenant)

    body = await graphql(client, ADD, {"product": "999999"}, tenant=tenant.slug, bearer=token)

    [error] = body["errors"]
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "reason": "parameter_invalid",
        "fields": {"product_id": ["The selected product is invalid."]},
    }


async def test_a_guest_is_unauthenticated(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, WISHLIST, {"page": 1, "perPage": 10}, tenant=tenant.slug)

    assert set(error_codes(body)) == {"UNAUTHENTICATED"}


async def test_toggle_and_in_wishlist(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    token = await member(services, tenant)
    mug, cup = await rows.product(services, tenant, "Mug"), await rows.product(services, tenant)

    on = await graphql(client, TOGGLE, {"product": str(mug.id)}, tenant=tenant.slug, bearer=token)
    found = await graphql(
        client, IN_WISHLIST, {"ids": [str(mug.id), str(cup.id)]}, tenant=tenant.slug, bearer=token
    )
    off = await graphql(client, TOGGLE, {"product": str(mug.id)}, tenant=tenant.slug, bearer=token)

    assert on["data"]["toggleWishlist"]["inWishlist"] is True
    assert on["data"]["toggleWishlist"]["item"]["product"]["id"] == str(mug.id)
    assert found["data"]["inWishlist"] == sorted(
        [
            {"productId": str(mug.id), "inWishlist": True},
            {"productId": str(cup.id), "inWishlist": False},
        ],
        key=lambda entry: int(entry["productId"]),
    )
    assert off["data"]["toggleWishlist"] == {"inWishlist": False, "item": None}


async def test_note_and_remove(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    token = await member(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    item = await add(client, tenant, token, mug)

    noted = await graphql(
        client, NOTE, {"id": item["id"], "note": "blue"}, tenant=tenant.slug, bearer=token
    )
    removed = await graphql(client, REMOVE, {"id": item["id"]}, tenant=tenant.slug, bearer=token)
    again = await graphql(client, REMOVE, {"id": item["id"]}, tenant=tenant.slug, bearer=token)

    assert noted["data"]["updateWishlistNote"] == {"id": item["id"], "note": "blue"}
    assert removed["data"] == {"removeFromWishlist": True}
    assert error_codes(again) == ["NOT_FOUND"]


async def test_another_members_item_is_not_found(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    owner, other = await member(services, tenant), await member(services, tenant)
    item = await add(client, tenant, owner, await rows.product(services, tenant))

    body = await graphql(
        client, NOTE, {"id": item["id"], "note": "mine"}, tenant=tenant.slug, bearer=other
    )

    assert error_codes(body) == ["NOT_FOUND"]


async def test_move_to_cart_reports_what_stayed(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    token = await member(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    gone = await rows.product(services, tenant, "Gone", stock=0)
    kept_mug = await add(client, tenant, token, mug)
    kept_gone = await add(client, tenant, token, gone)

    body = await graphql(client, MOVE, {"ids": None}, tenant=tenant.slug, bearer=token)

    assert body["data"]["moveWishlistToCart"] == {
        "moved": [kept_mug["id"]],
        "failed": [
            {"id": kept_gone["id"], "reason": "out_of_stock", "message": "Gone is out of stock."}
        ],
    }


async def test_the_product_count_is_public(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    await add(client, tenant, await member(services, tenant), mug)

    body = await graphql(client, PRODUCT_COUNT, {"slug": mug.slug}, tenant=tenant.slug)

    assert body["data"] == {"productWishlistCount": 1}


async def test_statements_do_not_grow_with_items(
    client: httpx.AsyncClient, factory: Factory, services: Services, count_queries: StatementCounter
) -> None:
    # given: a wishlist of 2 and one of 8 products, each with a variant and an image
    tenant = await factory.tenant()
    few, many = await member(services, tenant), await member(services, tenant)
    for token, size in ((few, 2), (many, 8)):
        for n in range(size):
            product = await rows.product(services, tenant, f"P{n}", image="https://img.example/p")
            variant = await rows.variant(services, tenant, product, "S")
            await add(client, tenant, token, product, variant=str(variant.id))

    # when
    counts = []
    for token in (few, many):
        count_queries.reset()
        body = await graphql(
            client, WISHLIST, {"page": 1, "perPage": 20}, tenant=tenant.slug, bearer=token
        )
        assert "errors" not in body, body
        counts.append(count_queries.count)

    # then
    assert counts[0] == counts[1]
