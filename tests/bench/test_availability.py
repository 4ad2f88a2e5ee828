"""The availability scenario's seed works, and its baseline answers what tenantry answers."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench import baseline_reservations
from bench.scenarios import availability
from tenantry.app import create_app
from tenantry.db.database import Database
from tenantry.db.migrate import upgrade_engine
from tests.conftest import make_settings

pytestmark = pytest.mark.postgres


@pytest.fixture
async def clients(
    postgres_url: str, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient, dict[str, Any]]]:
    settings = make_settings(postgres_url, tmp_path)
    db = Database.from_settings(settings)
    try:
        await upgrade_engine(db.engine)
        seeded = await availability.seed_salon(
            db, settings, slug=f"bench-{secrets.token_hex(4)}", staff=3, bookings=200
        )
    finally:
        await db.dispose()
    ours = create_app(settings)
    theirs = baseline_reservations.create_app("postgresql://" + postgres_url.split("://", 1)[1])
    async with (
        ours.router.lifespan_context(ours),
        theirs.router.lifespan_context(theirs),
        _client(ours) as tenantry_client,
        _client(theirs) as baseline_client,
    ):
        yield tenantry_client, baseline_client, seeded


def _client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def test_baseline_answers_the_same_dates_as_tenantry(
    clients: tuple[httpx.AsyncClient, httpx.AsyncClient, dict[str, Any]],
) -> None:
    # given
    tenantry, reference, seeded = clients
    [ours_call] = availability.SCENARIO.tenantry(seeded, 0)
    [theirs_call] = availability.SCENARIO.baseline(seeded, 0)
    # when
    ours = await tenantry.get(ours_call.path)
    theirs = await reference.get(theirs_call.path, headers=theirs_call.headers)
    # then: the fully booked first days and the Sundays are missing, the rest offered
    assert ours.status_code == theirs.status_code == 200, ours.text
    assert ours.json() == theirs.json()
    dates = ours.json()["data"]
    assert dates
    assert all(int(day[-2:]) > availability.FULL_DAYS for day in dates)
    assert all(date.fromisoformat(day).isoweekday() != 7 for day in dates)
