"""Dialect B: /v1/products CRUD with prefixed ids, its list envelope and its error object."""

from __future__ import annotations

import re
from typing import Any

import httpx
from sqlmodel import col, select

from tenantry.models.catalog import ProductStatus
from tenantry.models.event import DomainEvent
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.catalog.support import CatalogWriter


def auth(tenant: TenantFixture) -> dict[str, str]:
    return {"Authorization": f"Bearer {tenant.secret_key}"}


def missing(value: str) -> dict[str, Any]:
    return {
        "error": {
            "type": "invalid_request_error",
            "message": f"No such product: '{value}'",
            "param": "id",
            "code": "resource_missing",
        }
    }


async def event_types(services: Services, tenant: TenantFixture) -> list[str]:
    async with services.db.unit(tenant.id) as uow:
        rows = await uow.session.scalars(select(DomainEvent).order_by(col(DomainEvent.id)))
        return [row.type for row in rows]


async def test_create_answers_the_product_object(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    body = {
        "name": "Premium T-Shirt",
        "description": "High-quality cotton t-shirt",
        "price": 2999,
        "currency": "usd",
        "inventory": 150,
    }

    # when
    response = await client.post("/v1/products", json=body, headers=auth(tenant))

    # then
    assert response.status_code == 200
    created = response.json()
    assert created == {
        "id": created["id"],
        "object": "product",
        "name": "Premium T-Shirt",
        "description": "High-quality cotton t-shirt",
        "price": 2999,
        "currency": "usd",
        "inventory": 150,
        "status": "active",
        "created_at": created["created_at"],
    }
    assert created["id"].startswith("prod_")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", created["created_at"])
    assert await event_types(services, tenant) == ["product.created"]


async def test_create_defaults_to_the_tenants_currency_and_untracked_stock(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant(currency="KRW")

    response = await client.post(
        "/v1/products", json={"name": "Mug", "price": 1000}, headers=auth(tenant)
    )

    assert (response.json()["currency"], response.json()["inventory"]) == ("krw", None)


async def test_create_without_name_is_parameter_missing(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()

    response = await client.post("/v1/products", json={"price": 100}, headers=auth(tenant))

    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": "Missing required parameter: name",
            "param": "name",
            "code": "parameter_missing",
        }
    }
    assert await event_types(services, tenant) == []


async def test_a_negative_price_is_parameter_invalid(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.post(
        "/v1/products", json={"name": "Mug", "price": -5}, headers=auth(tenant)
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": "The price field must be at least 0.",
            "param": "price",
            "code": "parameter_invalid",
        }
    }


async def test_a_bad_inventory_names_the_b_parameter(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.post(
        "/v1/products",
        json={"name": "Mug", "price": 5, "inventory": "lots"},
        headers=auth(tenant),
    )

    assert response.status_code == 400
    assert response.json()["error"] == {
        "type": "invalid_request_error",
        "message": "The inventory field must be an integer.",
        "param": "inventory",
        "code": "parameter_invalid",
    }


async def test_retrieve(client: httpx.AsyncClient, factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    product = await CatalogWriter(services, tenant).product("Mug", 1200, stock=4)

    response = await client.get(f"/v1/products/prod_{product.id}", headers=auth(tenant))

    assert response.status_code == 200
    assert response.json()["id"] == f"prod_{product.id}"
    assert (response.json()["name"], response.json()["inventory"]) == ("Mug", 4)


async def test_retrieve_unknown_is_resource_missing(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.get("/v1/products/prod_999999999", headers=auth(tenant))

    assert response.status_code == 404
    assert response.json() == missing("prod_999999999")


async def test_retrieve_malformed_is_resource_missing(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.get("/v1/products/ord_12", headers=auth(tenant))

    assert response.status_code == 404
    assert response.json() == missing("ord_12")


async def test_another_tenants_product_is_missing_everywhere(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    theirs = await factory.tenant()
    product = await CatalogWriter(services, theirs).product("Theirs")
    mine = await factory.tenant()
    ident = f"prod_{product.id}"

    got = await client.get(f"/v1/products/{ident}", headers=auth(mine))
    put = await client.put(f"/v1/products/{ident}", json={"price": 1}, headers=auth(mine))
    deleted = await client.delete(f"/v1/products/{ident}", headers=auth(mine))
    listing = await client.get("/v1/products", headers=auth(mine))

    assert [r.status_code for r in (got, put, deleted)] == [404, 404, 404]
    assert got.json() == put.json() == deleted.json() == missing(ident)
    assert listing.json() == {"data": [], "has_more": False, "total": 0}


async def test_update_is_partial_and_writes_product_updated(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    product = await CatalogWriter(services, tenant).product("Mug", 2999, stock=150)

    response = await client.put(
        f"/v1/products/prod_{product.id}",
        json={"price": 2499, "inventory": 200, "id": "prod_1", "created_at": "2000-01-01"},
        headers=auth(tenant),
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["name"], body["price"], body["inventory"]) == (
        f"prod_{product.id}",
        "Mug",
        2499,
        200,
    )
    assert await event_types(services, tenant) == ["product.created", "product.updated"]


async def test_update_null_inventory_stops_tracking(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    product = await CatalogWriter(services, tenant).product("Mug", stock=3)

    response = await client.put(
        f"/v1/products/prod_{product.id}", json={"inventory": None}, headers=auth(tenant)
    )

    assert response.json()["inventory"] is None


async def test_a_failed_update_writes_no_event(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    product = await CatalogWriter(services, tenant).product("Mug")

    response = await client.put(
        f"/v1/products/prod_{product.id}", json={"status": "sold"}, headers=auth(tenant)
    )

    assert response.status_code == 400
    assert response.json()["error"]["param"] == "status"
    assert await event_types(services, tenant) == ["product.created"]


async def test_delete(client: httpx.AsyncClient, factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    product = await CatalogWriter(services, tenant).product("Mug")
    ident = f"prod_{product.id}"

    response = await client.delete(f"/v1/products/{ident}", headers=auth(tenant))
    again = await client.get(f"/v1/products/{ident}", headers=auth(tenant))

    assert response.status_code == 200
    assert response.json() == {"id": ident, "object": "product", "deleted": True}
    assert again.status_code == 404


async def test_list_envelope_newest_first_with_every_status(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    first = await writer.product("First")
    second = await writer.product("Second", status=ProductStatus.DRAFT)

    response = await client.get("/v1/products", headers=auth(tenant))

    assert response.status_code == 200
    body = response.json()
    assert [p["id"] for p in body["data"]] == [f"prod_{second.id}", f"prod_{first.id}"]
    assert (body["has_more"], body["total"]) == (False, 2)


async def test_list_pages_with_limit_and_page(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    for name in "abc":
        await writer.product(name)

    first = await client.get("/v1/products", params={"limit": "2"}, headers=auth(tenant))
    last = await client.get(
        "/v1/products", params={"limit": "2", "page": "2"}, headers=auth(tenant)
    )

    assert (len(first.json()["data"]), first.json()["has_more"], first.json()["total"]) == (
        2,
        True,
        3,
    )
    assert [p["name"] for p in last.json()["data"]] == ["a"]
    assert (last.json()["has_more"], last.json()["total"]) == (False, 3)


async def test_list_filters_by_status(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    await writer.product("Live")
    await writer.product("Draft", status=ProductStatus.DRAFT)

    response = await client.get("/v1/products", params={"status": "draft"}, headers=auth(tenant))

    assert [p["name"] for p in response.json()["data"]] == ["Draft"]


async def test_a_bad_limit_is_parameter_invalid(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.get("/v1/products", params={"limit": "101"}, headers=auth(tenant))

    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": "The limit parameter must be between 1 and 100.",
            "param": "limit",
            "code": "parameter_invalid",
        }
    }


async def test_a_publishable_key_is_refused(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.post(
        "/v1/products",
        json={"name": "Mug", "price": 1},
        headers={"Authorization": f"Bearer {tenant.publishable_key}"},
    )

    assert response.status_code == 401
    assert response.json()["error"]["type"] == "authentication_error"


async def test_answers_carry_rate_limit_headers(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.get("/v1/products", headers=auth(tenant))

    assert {"x-ratelimit-limit", "x-ratelimit-remaining"} <= set(response.headers)


async def test_a_page_past_any_database_integer_is_parameter_invalid(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.get(
        "/v1/products", params={"page": "99999999999999999999"}, headers=auth(tenant)
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": "The page parameter must be between 1 and 2147483647.",
            "param": "page",
            "code": "parameter_invalid",
        }
    }
