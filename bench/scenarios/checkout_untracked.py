"""checkout with the product's stock untracked: no conditional decrement, so no row that every
checkout locks. Set against checkout, it separates the per-request cost from the time the hot
stock row's lock is held."""

from __future__ import annotations

from dataclasses import replace

from bench.scenarios.base import Seeded
from bench.scenarios.checkout import SCENARIO as TRACKED
from bench.scenarios.checkout import seed_checkout
from tenantry.config import Settings
from tenantry.db.database import Database


async def seed_untracked(db: Database, settings: Settings, clients: int) -> Seeded:
    return await seed_checkout(db, settings, clients, stock=None)


SCENARIO = replace(
    TRACKED,
    name="checkout_untracked",
    description="checkout with the product's stock untracked (no hot row lock)",
    seed=seed_untracked,
)
