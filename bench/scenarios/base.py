from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from tenantry.config import Settings
from tenantry.db.database import Database


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    json: Any = None


@dataclass(frozen=True)
class Scenario:
    """Two calls that must answer with the same JSON: one to tenantry, one to the baseline."""

    name: str
    description: str
    seed: Callable[[Database, Settings], Awaitable[dict[str, str]]]
    tenantry: Callable[[dict[str, str]], Call]
    baseline: Callable[[dict[str, str]], Call]
    baseline_app: str = "bench.baseline:create_app"


async def no_seed(db: Database, settings: Settings) -> dict[str, str]:
    return {}
