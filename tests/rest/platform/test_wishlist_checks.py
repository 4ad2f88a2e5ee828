"""Dialect A wishlist: POST /wishlist/toggle, GET /wishlist/check, POST /wishlist/check-bulk,
GET /wishlist/count, POST /wishlist/move-to-cart."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart import rows
from tests.rest.platform.test_wishlist import add, base, member, product_data


async def test_toggle_adds_then_removes(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    headers = await member(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    url = f"{base(tenant)}/wishlist/toggle"

    # when
    on = await client.post(url, json={"product_id": mug.id}, headers=headers)
    off = await client.post(url, json={"product_id": mug.id}, headers=headers)

    # then
    assert on.status_code == 200
    item = on.json()["data"]["item"]
    assert on.json() == {
        "data": {
            "in_wishlist": True,
            "item": {
                "id": item["id"],
                "product": await product_data(client, tenant, mug),
                "variant": None,
                "note": "",
                "created_at": item["created_at"],
            },
        }
    }
    assert off.json() == {"data": {"in_wishlist": False, "item": None}}


async def test_toggle_of_an_unknown_product_is_422(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers = await member(services, tenant)

    response = await client.post(
        f"{base(tenant)}/wishlist/toggle", json={"product_id": 999_999}, headers=headers
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"product_id": ["The selected product is invalid."]}


async def test_check_answers_for_one_product(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers = await member(services, tenant)
    mug, cup = await rows.product(services, tenant, "Mug"), await rows.product(services, tenant)
    await add(client, tenant, headers, product_id=mug.id)

    kept = await client.get(f"{base(tenant)}/wishlist/check?product_id={mug.id}", headers=headers)
    not_kept = await client.get(
        f"{base(tenant)}/wishlist/check?product_id={cup.id}", headers=headers
    )

    assert kept.json() == {"data": {"in_wishlist": True}}
    assert not_kept.json() == {"data": {"in_wishlist": False}}


@pytest.mark.parametrize(
    ("query", "message", "code"),
    [
        ("", "The product id field is required.", "parameter_missing"),
        ("?product_id=abc", "The product id field must be an integer.", "parameter_invalid"),
    ],
)
async def test_check_without_a_product_id_is_422(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    query: str,
    message: str,
    code: str,
) -> None:
    tenant = await factory.tenant()
    headers = await member(services, tenant)

    response = await client.get(f"{base(tenant)}/wishlist/check{query}", headers=headers)

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": code,
        "errors": {"product_id": [message]},
    }


async def test_check_bulk_answers_per_product(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers = await member(services, tenant)
    mug, cup = await rows.product(services, tenant, "Mug"), await rows.product(services, tenant)
    await add(client, tenant, headers, product_id=cup.id)

    response = await client.post(
        f"{base(tenant)}/wishlist/check-bulk",
        json={"product_ids": [mug.id, cup.id]},
        headers=headers,
    )

    assert response.status_code == 200
    assert response.json() == {"data": {str(mug.id): False, str(cup.id): True}}


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"product_ids": ["The product ids field is required."]}),
        ({"product_ids": "1,2"}, {"product_ids": ["The product ids field must be an array."]}),
        (
            {"product_ids": list(range(101))},
            {"product_ids": ["The product ids field must not have more than 100 items."]},
        ),
        (
            {"product_ids": [1, "x"]},
            {"product_ids.1": ["The product ids.1 field must be an integer."]},
        ),
    ],
)
async def test_check_bulk_with_invalid_input_is_422(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    body: dict[str, Any],
    errors: dict[str, list[str]],
) -> None:
    tenant = await factory.tenant()
    headers = await member(services, tenant)

    response = await client.post(f"{base(tenant)}/wishlist/check-bulk", json=body, headers=headers)

    assert response.status_code == 422
    assert response.json()["errors"] == errors


async def test_count_counts_the_members_items(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers = await member(services, tenant)
    for _ in range(2):
        product = await rows.product(services, tenant)
        await add(client, tenant, headers, product_id=product.id)

    response = await client.get(f"{base(tenant)}/wishlist/count", headers=headers)

    assert response.status_code == 200
    assert response.json() == {"data": {"count": 2}}


async def test_move_to_cart_moves_and_reports(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    headers = await member(services, tenant)
    mug = await rows.product(services, tenant, "Mug", stock=5)
    gone = await rows.product(services, tenant, "Gone", stock=0)
    kept_mug = (await add(client, tenant, headers, product_id=mug.id)).json()["data"]
    kept_gone = (await add(client, tenant, headers, product_id=gone.id)).json()["data"]

    # when
    response = await client.post(f"{base(tenant)}/wishlist/move-to-cart", json={}, headers=headers)

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "moved": [kept_mug["id"]],
            "failed": [
                {
                    "id": kept_gone["id"],
                    "reason": "out_of_stock",
                    "message": "Gone is out of stock.",
                }
            ],
        }
    }
    cart = (await client.get(f"{base(tenant)}/cart", headers=headers)).json()["data"]
    assert [(line["product"]["id"], line["quantity"]) for line in cart["items"]] == [(mug.id, 1)]
    wishlist = (await client.get(f"{base(tenant)}/wishlist", headers=headers)).json()["data"]
    assert [item["id"] for item in wishlist] == [kept_gone["id"]]


async def test_move_to_cart_of_named_items(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers = await member(services, tenant)
    mug, cup = await rows.product(services, tenant, "Mug"), await rows.product(services, tenant)
    await add(client, tenant, headers, product_id=mug.id)
    kept_cup = (await add(client, tenant, headers, product_id=cup.id)).json()["data"]

    response = await client.post(
        f"{base(tenant)}/wishlist/move-to-cart",
        json={"item_ids": [kept_cup["id"], 999_999]},
        headers=headers,
    )

    assert response.json() == {
        "data": {
            "moved": [kept_cup["id"]],
            "failed": [
                {"id": 999_999, "reason": "not_found", "message": "Wishlist item not found."}
            ],
        }
    }


async def test_move_to_cart_with_bad_ids_is_422(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers = await member(services, tenant)

    response = await client.post(
        f"{base(tenant)}/wishlist/move-to-cart", json={"item_ids": "all"}, headers=headers
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"item_ids": ["The item ids field must be an array."]}
