"""The cart over GraphQL: queries, mutations, errors, and a fixed statement count."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tenantry.models.catalog import ProductStatus
from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter, TenantFixture
from tests.resolvers.cart import rows
from tests.support import error_codes, graphql, load_member, member_token, members

CART_FIELDS = """
id token itemCount subtotal discount couponCode total currency
items {
  id quantity unitPrice total inStock available
  product { id name slug type image }
  variant { id name options }
}
"""
CART = f"query($token: String) {{ cart(cartToken: $token) {{ {CART_FIELDS} }} }}"
ADD = f"""
mutation($input: AddToCartInput!) {{ addToCart(input: $input) {{ {CART_FIELDS} }} }}
"""
UPDATE = f"""
mutation($item: ID!, $quantity: Int!, $token: String) {{
  updateCartItem(itemId: $item, quantity: $quantity, cartToken: $token) {{ {CART_FIELDS} }}
}}
"""
REMOVE = f"""
mutation($item: ID!, $token: String) {{
  removeFromCart(itemId: $item, cartToken: $token) {{ {CART_FIELDS} }}
}}
"""
CLEAR = f"mutation($token: String) {{ clearCart(cartToken: $token) {{ {CART_FIELDS} }} }}"
MERGE = f"mutation($token: String!) {{ mergeCart(cartToken: $token) {{ {CART_FIELDS} }} }}"
VALIDATE = """
query($token: String) {
  validateCart(cartToken: $token) {
    valid messages couponCode couponError
    items {
      itemId productId variantId name quantity unitPrice currentPrice priceChanged
      availableQuantity inStock isAvailable valid messages
    }
  }
}
"""
LOGIN = """
mutation($email: String!, $password: String!, $token: String) {
  login(input: {email: $email, password: $password}, cartToken: $token) { token }
}
"""


async def add(
    client: httpx.AsyncClient,
    tenant: TenantFixture,
    product_id: int | None,
    quantity: int = 1,
    *,
    token: str | None = None,
    bearer: str | None = None,
    variant_id: int | None = None,
) -> dict[str, Any]:
    variables = {
        "input": {
            "productId": str(product_id),
            "variantId": str(variant_id) if variant_id else None,
            "quantity": quantity,
            "cartToken": token,
        }
    }
    return await graphql(client, ADD, variables, tenant=tenant.slug, bearer=bearer)


async def test_a_guest_adds_to_a_new_cart_and_gets_its_token(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    shirt = await rows.product(services, tenant, "Shirt", price=2_000, image="/i/shirt.png")
    large = await rows.variant(services, tenant, shirt, "L", price=2_500)

    # when
    body = await add(client, tenant, shirt.id, 2, variant_id=large.id)

    # then
    cart = body["data"]["addToCart"]
    [item] = cart["items"]
    assert cart["token"]
    assert item == {
        "id": item["id"],
        "quantity": 2,
        "unitPrice": 2_500,
        "total": 5_000,
        "inStock": True,
        "available": True,
        "product": {
            "id": str(shirt.id),
            "name": "Shirt",
            "slug": shirt.slug,
            "type": "simple",
            "image": "/i/shirt.png",
        },
        "variant": {"id": str(large.id), "name": "L", "options": {"size": "L"}},
    }
    assert (cart["itemCount"], cart["subtotal"], cart["total"], cart["currency"]) == (
        2,
        5_000,
        5_000,
        "USD",
    )


async def test_the_cart_query_finds_the_guest_cart_by_token(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant)
    token = (await add(client, tenant, mug.id))["data"]["addToCart"]["token"]

    found = await graphql(client, CART, {"token": token}, tenant=tenant.slug)
    none = await graphql(client, CART, {"token": "other"}, tenant=tenant.slug)

    assert found["data"]["cart"]["itemCount"] == 1
    assert none["data"]["cart"] is None


async def test_update_remove_and_clear(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug", price=1_000)
    cup = await rows.product(services, tenant, "Cup", price=500)
    token = (await add(client, tenant, mug.id))["data"]["addToCart"]["token"]
    cart = (await add(client, tenant, cup.id, token=token))["data"]["addToCart"]
    mug_item, cup_item = (item["id"] for item in cart["items"])

    # when
    updated = await graphql(
        client, UPDATE, {"item": mug_item, "quantity": 3, "token": token}, tenant=tenant.slug
    )
    removed = await graphql(client, REMOVE, {"item": cup_item, "token": token}, tenant=tenant.slug)
    cleared = await graphql(client, CLEAR, {"token": token}, tenant=tenant.slug)

    # then
    assert updated["data"]["updateCartItem"]["subtotal"] == 3_500
    assert [i["quantity"] for i in removed["data"]["removeFromCart"]["items"]] == [3]
    assert cleared["data"]["clearCart"]["items"] == []
    assert cleared["data"]["clearCart"]["id"] == cart["id"]


async def test_an_invalid_quantity_is_bad_user_input(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant)

    body = await add(client, tenant, mug.id, 0)

    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["fields"] == {
        "quantity": ["The quantity field must be at least 1."]
    }


async def test_an_inactive_product_is_bad_user_input(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    draft = await rows.product(services, tenant, status=ProductStatus.DRAFT)

    body = await add(client, tenant, draft.id)

    assert body["errors"][0]["extensions"]["fields"] == {
        "product_id": ["The selected product is invalid."]
    }


async def test_out_of_stock_is_a_conflict(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug", stock=1)

    body = await add(client, tenant, mug.id, 2)

    assert error_codes(body) == ["CONFLICT"]
    assert body["errors"][0]["message"] == "Only 1 of Mug left in stock."


async def test_another_guests_item_is_not_found(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant)
    owner = (await add(client, tenant, mug.id))["data"]["addToCart"]
    stranger = (await add(client, tenant, mug.id))["data"]["addToCart"]

    body = await graphql(
        client,
        REMOVE,
        {"item": owner["items"][0]["id"], "token": stranger["token"]},
        tenant=tenant.slug,
    )

    assert error_codes(body) == ["NOT_FOUND"]
    assert body["errors"][0]["message"] == "Cart item not found."


async def test_merge_cart_moves_a_guest_cart_to_the_member(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    bearer = await member_token(services, tenant, member_id)
    mug = await rows.product(services, tenant)
    token = (await add(client, tenant, mug.id, 2))["data"]["addToCart"]["token"]

    body = await graphql(client, MERGE, {"token": token}, tenant=tenant.slug, bearer=bearer)

    merged = body["data"]["mergeCart"]
    assert merged["token"] is None
    assert merged["itemCount"] == 2


async def test_merge_cart_needs_a_member(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, MERGE, {"token": "abc"}, tenant=tenant.slug)

    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_login_with_a_cart_token_merges_it(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant)
    token = (await add(client, tenant, mug.id, 3))["data"]["addToCart"]["token"]
    email = await member_email(services, tenant, member_id)

    # when
    body = await graphql(
        client,
        LOGIN,
        {"email": email, "password": "correct-horse-42", "token": token},
        tenant=tenant.slug,
    )

    # then
    access = body["data"]["login"]["token"]
    cart = await graphql(client, CART, {}, tenant=tenant.slug, bearer=access)
    assert cart["data"]["cart"]["itemCount"] == 3


async def member_email(services: Services, tenant: TenantFixture, member_id: int) -> str:
    return (await load_member(services, tenant, member_id)).email


async def test_validate_cart_reports_per_line(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug", price=1_000)
    cart = (await add(client, tenant, mug.id, 2))["data"]["addToCart"]
    await rows.change_product(services, tenant, mug.id, status=ProductStatus.ARCHIVED)

    body = await graphql(client, VALIDATE, {"token": cart["token"]}, tenant=tenant.slug)

    assert body["data"]["validateCart"] == {
        "valid": False,
        "messages": ["Mug is no longer available."],
        "couponCode": None,
        "couponError": None,
        "items": [
            {
                "itemId": cart["items"][0]["id"],
                "productId": str(mug.id),
                "variantId": None,
                "name": "Mug",
                "quantity": 2,
                "unitPrice": 1_000,
                "currentPrice": 1_000,
                "priceChanged": False,
                "availableQuantity": 0,
                "inStock": False,
                "isAvailable": False,
                "valid": False,
                "messages": ["Mug is no longer available."],
            }
        ],
    }


async def cart_of_size(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture, size: int
) -> str:
    """A member's cart with size lines, every other one a variant; the member's token."""
    [member_id] = await members(services, tenant)
    bearer = await member_token(services, tenant, member_id)
    for index in range(size):
        product = await rows.product(services, tenant, f"P{index}", image=f"/i/{index}.png")
        variant = await rows.variant(services, tenant, product) if index % 2 else None
        body = await add(
            client,
            tenant,
            product.id,
            bearer=bearer,
            variant_id=variant.id if variant is not None else None,
        )
        assert "errors" not in body, body
    return bearer


@pytest.mark.parametrize("query", [CART, VALIDATE])
async def test_statements_do_not_grow_with_items(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    count_queries: StatementCounter,
    query: str,
) -> None:
    # given
    tenant = await factory.tenant()
    small = await cart_of_size(client, services, tenant, 2)
    large = await cart_of_size(client, services, tenant, 20)

    # when
    counts = []
    for bearer in (small, large):
        count_queries.reset()
        body = await graphql(client, query, {}, tenant=tenant.slug, bearer=bearer)
        assert "errors" not in body, body
        counts.append(count_queries.count)

    # then
    assert counts[0] == counts[1]
