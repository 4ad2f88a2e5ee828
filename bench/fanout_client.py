"""The chat fan-out bench's subscribers: graphql-transport-ws clients in a few processes.

Each client process runs one asyncio loop with its share of the sockets and answers its parent's
questions over a pipe: how many sockets have received a message, and, at the end, when each
socket received each message. Receive times are `time.perf_counter()`, read as a message arrives
(before it is decoded); on Linux it is CLOCK_MONOTONIC, one clock for every process of the
machine, so the parent can subtract its own send times from them.

This module imports no part of tenantry, so a spawned client process starts quickly.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, WebSocketException
from websockets.typing import Subprotocol

PROTOCOL = Subprotocol("graphql-transport-ws")
SUBSCRIPTION = "subscription($id: ID!) { chatMessages(conversationId: $id) { id content } }"
HANDSHAKE_SECONDS = 15.0
CONNECT_BATCH = 50
CLOSE_SECONDS = 10.0
POLL_SECONDS = 0.5


@dataclass
class Subscriber:
    """One socket subscribed to chatMessages: the content of every message it got, and when."""

    ws: ClientConnection
    got: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    reader: asyncio.Task[None] | None = None


async def subscribe(url: str, init: dict[str, Any], variables: dict[str, Any]) -> Subscriber:
    """Opens a socket, completes connection_init/connection_ack and sends the subscribe."""
    ws = await connect(
        url,
        subprotocols=[PROTOCOL],
        open_timeout=HANDSHAKE_SECONDS,
        close_timeout=2,
        ping_interval=None,  # the server pings; the library answers
        max_queue=None,
    )
    try:
        if ws.subprotocol != PROTOCOL:
            raise RuntimeError(f"server chose subprotocol {ws.subprotocol!r}")
        await ws.send(json.dumps({"type": "connection_init", "payload": init}))
        async with asyncio.timeout(HANDSHAKE_SECONDS):
            ack = json.loads(await ws.recv())
        if ack.get("type") != "connection_ack":
            raise RuntimeError(f"no connection_ack: {ack}")
        payload = {"query": SUBSCRIPTION, "variables": variables}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
    except BaseException:
        await ws.close()
        raise
    subscriber = Subscriber(ws)
    subscriber.reader = asyncio.create_task(_read(subscriber))
    return subscriber


async def _read(subscriber: Subscriber) -> None:
    ws = subscriber.ws
    try:
        async for raw in ws:
            at = time.perf_counter()
            message = json.loads(raw)
            kind = message.get("type")
            if kind == "next":
                data = message.get("payload", {}).get("data") or {}
                content = (data.get("chatMessages") or {}).get("content")
                if isinstance(content, str):
                    subscriber.got.setdefault(content, at)
                else:
                    subscriber.error = subscriber.error or f"next without a message: {raw!s:.300}"
            elif kind == "ping":
                await ws.send(json.dumps({"type": "pong"}))
            elif kind in ("error", "complete"):
                subscriber.error = subscriber.error or f"{kind}: {raw!s:.300}"
    except ConnectionClosed as exc:
        subscriber.error = subscriber.error or f"closed: {exc}"


async def subscribe_many(
    url: str, init: dict[str, Any], variables: dict[str, Any], count: int
) -> tuple[list[Subscriber], list[str]]:
    """count subscribers, opened CONNECT_BATCH at a time; the ones that opened, and the errors."""
    opened: list[Subscriber] = []
    errors: list[str] = []
    for start in range(0, count, CONNECT_BATCH):
        batch = min(CONNECT_BATCH, count - start)
        results = await asyncio.gather(
            *(subscribe(url, init, variables) for _ in range(batch)), return_exceptions=True
        )
        for result in results:
            if isinstance(result, Subscriber):
                opened.append(result)
            elif isinstance(result, (OSError, WebSocketException, RuntimeError, TimeoutError)):
                errors.append(f"{type(result).__name__}: {result}")
            elif isinstance(result, BaseException):
                raise result
    return opened, errors


async def close_all(subscribers: Sequence[Subscriber]) -> None:
    async def close(subscriber: Subscriber) -> None:
        await subscriber.ws.close()
        if subscriber.reader is not None:
            subscriber.reader.cancel()

    try:
        async with asyncio.timeout(CLOSE_SECONDS):
            await asyncio.gather(*(close(s) for s in subscribers), return_exceptions=True)
    except TimeoutError:
        for subscriber in subscribers:
            if subscriber.reader is not None:
                subscriber.reader.cancel()


def received(subscribers: Sequence[Subscriber], tag: str | None) -> int:
    """How many subscribers have the message tag (None: any message at all)."""
    if tag is None:
        return sum(1 for s in subscribers if s.got)
    return sum(1 for s in subscribers if tag in s.got)


def times(subscribers: Sequence[Subscriber], tags: Sequence[str]) -> list[list[float | None]]:
    return [[s.got.get(tag) for tag in tags] for s in subscribers]


def errors_of(subscribers: Sequence[Subscriber]) -> list[str]:
    return [s.error for s in subscribers if s.error is not None]


# The client process. Commands from the parent, each answered with one message:
#   ("received", tag | None) -> int
#   ("results", [tag, ...]) -> (times per subscriber, errors)
#   ("stop", None) -> "stopped", then the process ends
# The first message the process sends is ("connected", opened, failed, first errors).


def client_process(
    url: str,
    init: dict[str, Any],
    variables: dict[str, Any],
    count: int,
    conn: Connection,
    lifetime: float,
) -> None:
    """Entry point of a client process; it ends by itself after lifetime seconds."""
    try:
        asyncio.run(_serve_parent(url, init, variables, count, conn, lifetime))
    except Exception as exc:  # reported, then the process ends
        with contextlib.suppress(OSError):
            conn.send(("crashed", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


async def _serve_parent(
    url: str,
    init: dict[str, Any],
    variables: dict[str, Any],
    count: int,
    conn: Connection,
    lifetime: float,
) -> None:
    subscribers: list[Subscriber] = []
    try:
        async with asyncio.timeout(lifetime):
            subscribers, errors = await subscribe_many(url, init, variables, count)
            conn.send(("connected", len(subscribers), len(errors), errors[:5]))
            while True:
                command = await asyncio.to_thread(_poll, conn)
                if command is None:
                    continue
                name, argument = command
                if name == "received":
                    conn.send(received(subscribers, argument))
                elif name == "results":
                    conn.send((times(subscribers, argument), errors_of(subscribers)[:20]))
                elif name == "stop":
                    break
    finally:
        await close_all(subscribers)
    conn.send("stopped")


def _poll(conn: Connection) -> Any:
    """The parent's next command, or None after POLL_SECONDS (so the loop can time out)."""
    try:
        return conn.recv() if conn.poll(POLL_SECONDS) else None
    except EOFError:
        return ("stop", None)
