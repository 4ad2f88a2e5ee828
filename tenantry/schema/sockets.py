"""Live sockets: a cap per client address, and a watch that closes a socket within seconds once
what let it in no longer holds (its token expired or was revoked, its key revoked, its tenant
suspended). Subscriptions per socket are capped in `limits`."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from starlette.websockets import WebSocket, WebSocketState

# graphql-transport-ws's codes: the credentials no longer hold; the tenant may not be served.
UNAUTHORIZED = 4401
FORBIDDEN = 4403
# What a client sent over its socket limits at the handshake: policy violation.
TOO_MANY_SOCKETS = 1008
LABELS = {UNAUTHORIZED: "Unauthorized", FORBIDDEN: "Forbidden"}
# A close frame's reason may hold 123 bytes of UTF-8 (RFC 6455 5.5: 125 less the code).
MAX_REASON_BYTES = 123


def close_reason(text: str) -> str:
    """text cut to what a close frame carries, never inside a character."""
    return text.encode()[:MAX_REASON_BYTES].decode(errors="ignore")


@dataclass(frozen=True)
class Refusal:
    """Why a socket is closed: its close code and a sentence for the person reading it."""

    code: int
    message: str

    @property
    def reason(self) -> str:
        label = LABELS.get(self.code)
        return close_reason(f"{label}: {self.message}" if label else self.message)


TOO_MANY = Refusal(TOO_MANY_SOCKETS, "Too many sockets for this client")


class SocketRefused(Exception):
    """Raised by the view's on_ws_connect; the protocol handlers close with its reason."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal


async def refuse(socket: WebSocket, refusal: Refusal) -> None:
    """Accepts, then closes: browsers hide a refused upgrade's status, not close frames."""
    offered = socket.scope.get("subprotocols") or []
    await socket.accept(subprotocol=offered[0] if offered else None)
    await socket.close(code=refusal.code, reason=refusal.reason)


Check = Callable[[], Awaitable[Refusal | None]]


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
        """Every recheck_seconds, closes the socket with the refusal check() answers, if any."""
        previous = self._watches.pop(id(socket), None)
        if previous is not None:
            previous.cancel()
        self._watches[id(socket)] = asyncio.create_task(self._watch(socket, check))

    async def _watch(self, socket: WebSocket, check: Check) -> None:
        while socket.application_state is WebSocketState.CONNECTED:
            await asyncio.sleep(self.recheck_seconds)
            refusal = await check()
            if refusal is not None and socket.application_state is WebSocketState.CONNECTED:
                with contextlib.suppress(RuntimeError):
                    await socket.close(code=refusal.code, reason=refusal.reason)
                return
