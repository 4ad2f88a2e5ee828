"""The checkout bench: its baseline really takes stock and writes orders, its answers have
tenantry's shape, and the runner's multi-call iterations count what the database shows."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from bench import baseline_checkout
from bench.runner import drive, same_shape
from bench.scenarios import checkout
from bench.scenarios.base import Seeded
from tenantry.app import create_app
from tenantry.config import Settings
from tenantry.db.database import Database
from tenantry.db.migrate import upgrade_engine
from tests.conftest import make_settings
from tests.live import serve

pytestmark = pytest.mark.postgres


@dataclass(frozen=True)
class Bench:
    settings: Settings
    db: Database
    dsn: str


@pytest.fixture
async def bench(postgres_url: str, tmp_path: Path) -> AsyncIterator[Bench]:
    settings = make_settings(postgres_url, tmp_path)
    db = Database.from_settings(settings)
    try:
        await upgrade_engine(db.engine)
        yield Bench(settings, db, "postgresql://" + postgres_url.split("://", 1)[1])
    finally:
        await db.dispose()


async def seed(bench: Bench, clients: int, *, stock: int = checkout.STOCK) -> Seeded:
    targets = {name: f"{slug}-{secrets.token_hex(4)}" for name, slug in checkout.TARGETS.items()}
    return await checkout.seed_checkout(
        bench.db, bench.settings, clients, targets=targets, stock=stock
    )


def baseline_app(bench: Bench) -> Any:
    return baseline_checkout.create_app(bench.dsn, bench.settings.secret_key)


def asgi(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def iterate(client: httpx.AsyncClient, seeded: Seeded, target: str, i: int) -> list[Any]:
    responses = []
    for call in checkout.calls(seeded[target], i):
        response = await client.request(
            call.method, call.path, headers=call.headers, json=call.json
        )
        responses.append(response)
    return responses


async def stock_and_orders(bench: Bench, found: dict[str, Any]) -> tuple[int, int]:
    async with bench.db.engine.connect() as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT (SELECT stock FROM product WHERE id = :product) AS stock,"
                    " (SELECT count(*) FROM orders WHERE tenant_id = :tenant) AS orders"
                ),
                {"product": found["product_id"], "tenant": found["tenant_id"]},
            )
        ).one()
    return row.stock, row.orders


async def test_the_baseline_takes_stock_and_writes_the_order(bench: Bench) -> None:
    # given
    seeded = await seed(bench, 2)
    app = baseline_app(bench)
    # when
    async with app.router.lifespan_context(app), asgi(app) as client:
        added, ordered = await iterate(client, seeded, "baseline", 0)
    # then
    assert (added.status_code, ordered.status_code) == (200, 201)
    order = ordered.json()["data"]
    assert order["items"][0]["quantity"] == 1
    assert order["total"] == checkout.PRICE
    assert await stock_and_orders(bench, seeded["baseline"]) == (checkout.STOCK - 1, 1)
    lines = await checkout.verify(bench.db, {"baseline": seeded["baseline"]}, {"baseline": 1})
    assert lines[0].endswith("— consistent")


async def test_the_baseline_refuses_the_unit_it_does_not_have(bench: Bench) -> None:
    # given: one unit, two buyers with it in their carts
    seeded = await seed(bench, 2, stock=1)
    app = baseline_app(bench)
    async with app.router.lifespan_context(app), asgi(app) as client:
        first = await iterate(client, seeded, "baseline", 0)
        second = await iterate(client, seeded, "baseline", 1)
    # then: the second buyer's add to cart already sees no stock left
    assert [r.status_code for r in first] == [200, 201]
    assert second[0].status_code == 409
    assert await stock_and_orders(bench, seeded["baseline"]) == (0, 1)


async def test_the_baseline_answers_with_tenantrys_shape(bench: Bench) -> None:
    seeded = await seed(bench, 1)
    ours, theirs = create_app(bench.settings), baseline_app(bench)
    async with (
        ours.router.lifespan_context(ours),
        theirs.router.lifespan_context(theirs),
        asgi(ours) as tenantry,
        asgi(theirs) as reference,
    ):
        a = await iterate(tenantry, seeded, "tenantry", 0)
        b = await iterate(reference, seeded, "baseline", 0)

    assert [r.status_code for r in a] == [r.status_code for r in b] == [200, 201]
    for x, y in zip(a, b, strict=True):
        assert same_shape(x.json(), y.json()), (x.text, y.text)
    assert not same_shape(a[1].json(), {**b[1].json(), "data": {}})


async def test_unauthenticated_and_other_tenants_tokens_are_refused(bench: Bench) -> None:
    seeded = await seed(bench, 1)
    app = baseline_app(bench)
    target = seeded["baseline"]
    foreign = seeded["tenantry"]["tokens"][0]
    async with app.router.lifespan_context(app), asgi(app) as client:
        [add, _] = checkout.calls(target, 0)
        anonymous = await client.post(add.path, json=add.json)
        other = await client.post(
            add.path, json=add.json, headers={"Authorization": f"Bearer {foreign}"}
        )

    assert anonymous.status_code == other.status_code == 401


async def test_drive_counts_two_call_iterations_as_the_database_does(bench: Bench) -> None:
    # given: the baseline on a real socket, three buyers
    seeded = await seed(bench, 3)
    app = baseline_app(bench)

    @dataclass(frozen=True)
    class Live:
        name: str
        base_url: str

    async with app.router.lifespan_context(app), serve(app) as server:
        # when
        result = await drive(
            Live("baseline", server.http()),
            lambda i: checkout.calls(seeded["baseline"], i),
            seconds=1.0,
            concurrency=3,
        )
    # then
    assert result.errors == 0
    assert result.requests > 0
    assert result.completed >= result.requests
    assert [step.name for step in result.steps] == ["add to cart", "checkout"]
    assert all(step.p50_ms > 0 for step in result.steps)
    found = seeded["baseline"]
    assert await stock_and_orders(bench, found) == (
        checkout.STOCK - result.completed,
        result.completed,
    )
