"""The floor: a health check with no tenant and no database, to show the stack's fixed cost."""

from __future__ import annotations

from bench.scenarios.base import Call, Scenario, no_seed, single

SCENARIO = Scenario(
    name="health",
    description="GET /healthz (middleware and routing only)",
    seed=no_seed,
    tenantry=single(lambda seeded: Call("GET", "/healthz")),
    baseline=single(lambda seeded: Call("GET", "/healthz")),
)
