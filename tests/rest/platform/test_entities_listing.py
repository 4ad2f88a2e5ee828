"""GET /entities/{slug}/records: filter[...] parameters, sort, pages, and their errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter, TenantFixture
from tests.resolvers.entities.support import EntityWriter

BOOKS = {
    "fields": [
        {"name": "title", "type": "text", "required": True},
        {"name": "pages", "type": "number"},
        {"name": "read", "type": "boolean"},
        {"name": "published", "type": "date"},
        {"name": "genre", "type": "select", "options": ["novel", "poetry", "essay"]},
    ]
}
SHELF: list[dict[str, Any]] = [
    {"title": "Moby-Dick", "pages": 635, "read": True, "published": "1851-10-18", "genre": "novel"},
    {"title": "Leaves of Grass", "pages": 95, "read": False, "published": "1855-07-04"},
    {"title": "Walden", "pages": 352.5, "genre": "essay"},
    {"title": "Der Zauberberg", "pages": 1000, "read": True, "genre": "novel"},
    {"title": "Ästhetik", "published": "1835-01-01", "genre": "essay"},
    {"title": "토지", "pages": 9, "read": False},
]


def secret(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def shelf(services: Services, factory: Factory) -> tuple[TenantFixture, dict[str, int]]:
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("books", BOOKS)
    ids = {}
    for book in SHELF:
        record = await writer.record("books", **book)
        assert record.id is not None
        ids[book["title"]] = record.id
    return tenant, ids


async def titles(client: httpx.AsyncClient, tenant: TenantFixture, query: str) -> list[str]:
    response = await client.get(
        f"/api/{tenant.slug}/entities/books/records?{query}", headers=secret(tenant.secret_key)
    )
    assert response.status_code == 200, response.text
    return [record["data"]["title"] for record in response.json()["data"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "sort=title",
            ["Der Zauberberg", "Leaves of Grass", "Moby-Dick", "Walden", "Ästhetik", "토지"],
        ),
        ("filter[pages][gt]=100&sort=pages", ["Walden", "Moby-Dick", "Der Zauberberg"]),
        ("filter[pages][lte]=95&sort=-pages", ["Leaves of Grass", "토지"]),
        ("filter[pages]=352.5", ["Walden"]),
        (
            "filter[pages][ne]=635&sort=title",
            ["Der Zauberberg", "Leaves of Grass", "Walden", "Ästhetik", "토지"],
        ),
        ("filter[pages][in]=9,95&sort=title", ["Leaves of Grass", "토지"]),
        ("filter[read]=true&sort=title", ["Der Zauberberg", "Moby-Dick"]),
        ("filter[read]=0&sort=title", ["Leaves of Grass", "토지"]),
        ("filter[published][lt]=1852-01-01&sort=published", ["Ästhetik", "Moby-Dick"]),
        ("filter[published][gte]=1851-10-18&sort=-published", ["Leaves of Grass", "Moby-Dick"]),
        ("filter[title][contains]=ÄST", ["Ästhetik"]),
        ("filter[title][contains]=of", ["Leaves of Grass"]),
        (
            "filter[genre][in][]=novel&filter[genre][in][]=poetry&sort=title",
            ["Der Zauberberg", "Moby-Dick"],
        ),
        ("filter[genre]=essay&filter[pages][gt]=1&sort=title", ["Walden"]),
        ("sort=-pages,title&per_page=3", ["Der Zauberberg", "Moby-Dick", "Walden"]),
        ("sort=-pages&page=2&per_page=3", ["Leaves of Grass", "토지", "Ästhetik"]),
    ],
)
async def test_filters_and_sorting(
    client: httpx.AsyncClient, factory: Factory, services: Services, query: str, expected: list[str]
) -> None:
    # given
    tenant, _ = await shelf(services, factory)

    # when
    found = await titles(client, tenant, query)

    # then
    assert found == expected


async def test_the_list_is_newest_first_with_page_meta(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant, ids = await shelf(services, factory)

    # when
    response = await client.get(
        f"/api/{tenant.slug}/entities/books/records?per_page=2&page=2",
        headers=secret(tenant.secret_key),
    )

    # then
    assert response.status_code == 200
    body = response.json()
    assert [record["id"] for record in body["data"]] == [ids["Der Zauberberg"], ids["Walden"]]
    walden = body["data"][1]
    assert walden == {
        "id": ids["Walden"],
        "data": {"title": "Walden", "pages": 352.5, "genre": "essay"},
        "created_at": walden["created_at"],
        "updated_at": walden["updated_at"],
    }
    assert body["meta"] == {"current_page": 2, "last_page": 3, "per_page": 2, "total": 6}


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        (
            "filter[colour]=red",
            {"filter.colour": ["The filter.colour field is not defined for this entity."]},
        ),
        ("filter[pages][gt]=many", {"filter.pages": ["The filter.pages value must be a number."]}),
        (
            "filter[pages][contains]=1",
            {"filter.pages": ["The contains operator is not supported for number fields."]},
        ),
        (
            "filter[title][gt]=A",
            {"filter.title": ["The gt operator is not supported for text fields."]},
        ),
        ("filter[title][like]=A", {"filter.title": ["The filter.title operator like is invalid."]}),
        (
            "filter[published]=yesterday",
            {"filter.published": ["The filter.published value must be a valid date."]},
        ),
        ("filter[read]=perhaps", {"filter.read": ["The filter.read value must be true or false."]}),
        ("sort=colour", {"sort": ["The sort field colour is not defined for this entity."]}),
        ("per_page=1000", {"per_page": ["The per page field must be between 1 and 100."]}),
    ],
)
async def test_bad_filters_are_422(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    query: str,
    errors: dict[str, list[str]],
) -> None:
    # given
    tenant = await factory.tenant()
    await EntityWriter(services, tenant).entity("books", BOOKS)

    # when
    response = await client.get(
        f"/api/{tenant.slug}/entities/books/records?{query}", headers=secret(tenant.secret_key)
    )

    # then
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": errors,
    }


async def test_listing_costs_the_same_statements_for_any_page_size(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    count_queries: StatementCounter,
) -> None:
    # given
    small = await factory.tenant()
    await EntityWriter(services, small).entity("books", BOOKS)
    await EntityWriter(services, small).record("books", title="One")
    big, _ = await shelf(services, factory)
    for slug in ("notes", "people", "places"):
        await EntityWriter(services, big).entity(slug, {"fields": []})
    url = "entities/books/records?filter[pages][gte]=0&sort=-pages"

    # when
    counts = []
    for tenant in (small, big):
        for path in (url, "entities"):
            count_queries.reset()
            response = await client.get(
                f"/api/{tenant.slug}/{path}", headers=secret(tenant.secret_key)
            )
            assert response.status_code == 200
            counts.append(count_queries.count)

    # then
    assert counts[:2] == counts[2:]
