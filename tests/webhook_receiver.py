"""A webhook receiver for tests: a real HTTP server on a free port of 127.0.0.1 that records
every delivery and answers as scripted (a status per delivery, or a sleep past the timeout)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tests.live import serve


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def payload(self) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(self.body)
        return found

    @property
    def event_id(self) -> str:
        return str(self.payload["id"])


@dataclass
class Receiver:
    url: str = ""
    received: list[Received] = field(default_factory=list)
    script: list[int | float] = field(default_factory=list)  # int: a status; float: sleep s
    answer: str = "ok"

    def answers(self, *steps: int | float) -> None:
        """The next deliveries get these answers in turn; after them, 200."""
        self.script.extend(steps)

    def event_ids(self) -> list[str]:
        return [item.event_id for item in self.received]

    async def handle(self, request: Request) -> Response:
        body = await request.body()
        self.received.append(Received(dict(request.headers), body))
        step = self.script.pop(0) if self.script else 200
        if isinstance(step, float):
            await asyncio.sleep(step)
            return PlainTextResponse("late")
        return PlainTextResponse(self.answer, status_code=step)


@asynccontextmanager
async def receiver(path: str = "/hooks") -> AsyncIterator[Receiver]:
    found = Receiver()
    app = Starlette(routes=[Route(path, found.handle, methods=["POST"])])
    async with serve(app) as server:
        found.url = server.http(path)
        yield found
