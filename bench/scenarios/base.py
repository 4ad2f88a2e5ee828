"""What a scenario is: a seed, and what each client sends to tenantry and to the baseline.

A client repeats its plan (one or more calls, in order) until the time is up; one pass through
the plan is an iteration. The list scenarios send a single call; checkout sends two (add to cart,
then create the order).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tenantry.config import Settings
from tenantry.db.database import Database

Seeded = dict[str, Any]


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    json: Any = None
    expect: int = 200  # any other status is an error and ends the iteration
    name: str = ""  # the step's label in the report


# (what the seed returned, the client's index) -> the calls of one iteration, in order
Plan = Callable[[Seeded, int], Sequence[Call]]
# (the same database, what the seed returned, successful iterations per target) -> report lines
Verify = Callable[[Database, Seeded, Mapping[str, int]], Awaitable[list[str]]]


def single(make: Callable[[Seeded], Call]) -> Plan:
    """A plan of one call, the same for every client."""

    def plan(seeded: Seeded, client: int) -> Sequence[Call]:
        return (make(seeded),)

    return plan


@dataclass(frozen=True)
class Scenario:
    """tenantry and the baseline run the same plan; their answers are compared before the load.

    With same_json, the first iteration's answers must be equal JSON; without (answers that
    carry new ids, numbers or times), equal status codes and equal JSON shape: the same keys
    at every level and values of the same types.
    """

    name: str
    description: str
    seed: Callable[[Database, Settings, int], Awaitable[Seeded]]  # int: the number of clients
    tenantry: Plan
    baseline: Plan
    baseline_app: str = "bench.baseline:create_app"
    same_json: bool = True
    unit: str = "req"  # what an iteration is called in the report
    verify: Verify | None = None
    tenantry_settings: Mapping[str, str] = field(default_factory=dict)  # extra TENANTRY_* env


async def no_seed(db: Database, settings: Settings, clients: int) -> Seeded:
    return {}
