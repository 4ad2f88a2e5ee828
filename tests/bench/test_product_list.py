"""The product_list baseline must answer exactly what tenantry's GraphQL answers."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench import baseline_catalog
from bench.scenarios import product_list
from tenantry.app import create_app
from tenantry.db.database import Database
from tenantry.db.migrate import upgrade_engine
from tests.conftest import make_settings
from tests.support import without_cost

pytestmark = pytest.mark.postgres


@pytest.fixture
async def clients(
    postgres_url: str, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient, str]]:
    settings = make_settings(postgres_url, tmp_path)
    db = Database.from_settings(settings)
    try:
        await upgrade_engine(db.engine)
        slug = f"bench-{secrets.token_hex(4)}"
        await product_list.seed_catalog(db, settings, slug=slug, products=12)
    finally:
        await db.dispose()
    ours = create_app(settings)
    theirs = baseline_catalog.create_app("postgresql://" + postgres_url.split("://", 1)[1])
    async with (
        ours.router.lifespan_context(ours),
        theirs.router.lifespan_context(theirs),
        _client(ours) as tenantry_client,
        _client(theirs) as baseline_client,
    ):
        yield tenantry_client, baseline_client, slug


def _client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


@pytest.mark.parametrize(("page", "per_page"), [(1, 20), (2, 5), (3, 5), (4, 5)])
async def test_baseline_answers_the_same_json_as_graphql(
    clients: tuple[httpx.AsyncClient, httpx.AsyncClient, str], page: int, per_page: int
) -> None:
    # given
    tenantry, reference, slug = clients
    body = product_list.body(page=page, per_page=per_page)
    headers = {"X-Tenant": slug}

    # when
    ours = await tenantry.post("/graphql", json=body, headers=headers)
    theirs = await reference.post("/products", json=body, headers=headers)

    # then
    assert ours.status_code == theirs.status_code == 200
    assert "errors" not in ours.json()
    assert theirs.json() == without_cost(ours.json())


async def test_the_compared_page_is_not_trivial(
    clients: tuple[httpx.AsyncClient, httpx.AsyncClient, str],
) -> None:
    tenantry, _, slug = clients

    response = await tenantry.post("/graphql", json=product_list.body(), headers={"X-Tenant": slug})

    page = response.json()["data"]["products"]
    assert page["pageInfo"]["total"] == 12
    assert all(len(p["variants"]) == 3 and p["category"] for p in page["items"])
    assert {v["price"] for v in page["items"][0]["variants"]} != {page["items"][0]["price"]}
