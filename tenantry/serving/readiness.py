"""`/readyz`: whether this instance can serve, part by part.

A load balancer stops sending traffic to an instance that answers 503, so every part a request
may need is checked: the database (reachable and at the head migration), the pub/sub broker
(a publish goes through) and the media root (a directory uploads can be written to).
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tenantry.db.migrate import behind_head
from tenantry.serving.services import Services

log = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2.0
READINESS_CHANNEL = "tenantry.readyz"


async def database_state(services: Services) -> str:
    try:
        await services.db.ping()
        behind = await behind_head(services.db.engine)
    except Exception:
        log.exception("readiness: the database is unreachable")
        return "unreachable"
    if behind is not None:
        log.warning("not ready: %s", behind)
        return "not_migrated"
    return "ok"


async def broker_state(services: Services) -> str:
    try:
        async with asyncio.timeout(BROKER_TIMEOUT_SECONDS):
            await services.broadcast.publish(READINESS_CHANNEL, "")
    except Exception:
        log.exception("readiness: the pub/sub broker is unreachable")
        return "unreachable"
    return "ok"


def media_state(root: Path) -> str:
    """ok when uploads can be written: the root is a writable directory, or does not exist yet
    and its nearest existing parent is one (the first upload creates it)."""
    if root.exists():
        if not root.is_dir():
            return "not_a_directory"
        return "ok" if os.access(root, os.W_OK | os.X_OK) else "not_writable"
    parent = root.resolve().parent
    while not parent.exists():
        parent = parent.parent
    return "ok" if parent.is_dir() and os.access(parent, os.W_OK | os.X_OK) else "not_writable"


async def readyz(request: Request) -> Response:
    services: Services = request.scope["state"]["services"]
    parts = {
        "database": await database_state(services),
        "broker": await broker_state(services),
        "media": media_state(services.settings.media_root),
    }
    ready = all(state == "ok" for state in parts.values())
    body = {"status": "ok" if ready else "unavailable", **parts}
    return JSONResponse(body, 200 if ready else 503)
