"""Live sockets: a cap per client address, and a watch that closes a socket within seconds once
what let it in no longer holds (its token expired or was revoked, its key revoked, its tenant
suspended). Subscriptions per socket are capped in `limits`."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable

from starlette.websockets import WebSocket, WebSocketState

# graphql-transport-ws's codes: the credentials no longer hold; the tenant may not be served.
UNAUTHORIZED = 4401
FORBIDDEN = 4403
# What a client sent over its socket limits at the handshake: policy violation.
TOO_MANY_SOCKETS = 1008

Check = Callable[[], Awaitable[int | None]]


class SocketRegistry:
    """One per process: counts sockets per client address and watches each one's credentials."""

    def __init__(self, *, per_client: int, recheck_seconds: float) -> None:
        self.per_client = per_client
        self.recheck_seconds = recheck_seconds
        self.open: Counter[str] = Counter()
        self._watches: dict[int, asyncio.Task[None]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, socket: WebSocket) -> AsyncIterator[bool]:
        """True while the socket counts against its client's cap; False when over it."""
        client = socket.client.host if socket.client else ""
        if self.open[client] >= self.per_client:
            yield False
            return
        self.open[client] += 1
        try:
            yield True
        finally:
            self.open[client] -= 1
            if self.open[client] <= 0:
                del self.open[client]
            watch = self._watches.pop(id(socket), None)
            if watch is not None:
                watch.cancel()

    def watch(self, socket: WebSocket, check: Check) -> None:
        """Every recheck_seconds, closes the socket with the code check() answers, if any."""
        previous = self._watches.pop(id(socket), None)
        if previous is not None:
            previous.cancel()
        self._watches[id(socket)] = asyncio.create_task(self._watch(socket, check))

    async def _watch(self, socket: WebSocket, check: Check) -> None:
        while socket.application_state is WebSocketState.CONNECTED:
            await asyncio.sleep(self.recheck_seconds)
            code = await check()
            if code is not None and socket.application_state is WebSocketState.CONNECTED:
                with contextlib.suppress(RuntimeError):
                    await socket.close(code=code)
                return
