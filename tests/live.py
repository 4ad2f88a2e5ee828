"""A real uvicorn server on a free port of 127.0.0.1, and a GraphQL WebSocket client for it.

Every wait is bounded, so a server or socket that misbehaves fails the test instead of hanging it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import secrets
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import uvicorn
from broadcaster import Broadcast
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from tenantry.auth.passwords import hash_password
from tenantry.core.context import Ctx, TenantInfo
from tenantry.models.member import Member
from tenantry.resolvers.sessions import SessionKind, issue_tokens
from tenantry.serving.services import Services

TRANSPORT_WS = "graphql-transport-ws"
LEGACY_WS = "graphql-ws"
TIMEOUT = 5.0


@dataclass(frozen=True)
class LiveServer:
    host: str
    port: int

    def http(self, path: str = "") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def ws(self, path: str = "/graphql") -> str:
        return f"ws://{self.host}:{self.port}{path}"


@asynccontextmanager
async def serve(app: Any, *, within: float = 10.0) -> AsyncIterator[LiveServer]:
    """Serve app until the block ends; the app's lifespan is the caller's to run."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    host, port = sock.getsockname()
    config = uvicorn.Config(
        app,
        lifespan="off",
        ws="websockets-sansio",
        log_config=None,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=within / 2,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with asyncio.timeout(within):
            while not server.started:
                if task.done():
                    task.result()
                    raise RuntimeError("uvicorn stopped before it started")
                await asyncio.sleep(0.01)
        yield LiveServer(host, port)
    finally:
        server.should_exit = True
        try:
            async with asyncio.timeout(within):
                await task
        finally:
            sock.close()


class GraphQLSocket:
    """One client connection speaking graphql-transport-ws or the legacy graphql-ws."""

    def __init__(self, ws: ClientConnection, protocol: str) -> None:
        self.ws = ws
        self.protocol = protocol
        self._ids = itertools.count(1)

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(message))

    async def receive(self, within: float = TIMEOUT) -> dict[str, Any]:
        """The next message, skipping keep-alives."""
        async with asyncio.timeout(within):
            while True:
                message: dict[str, Any] = json.loads(await self.ws.recv())
                if message.get("type") not in ("ka", "ping", "pong"):
                    return message

    async def init(self, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        await self.send({"type": "connection_init", "payload": payload or {}})
        return await self.receive()

    async def start(self, query: str, variables: dict[str, Any] | None = None) -> str:
        operation_id = str(next(self._ids))
        kind = "subscribe" if self.protocol == TRANSPORT_WS else "start"
        payload = {"query": query, "variables": variables or {}}
        await self.send({"id": operation_id, "type": kind, "payload": payload})
        return operation_id

    async def closed_with(self, within: float = TIMEOUT) -> tuple[int | None, str | None]:
        """Waits for the server to close the socket; the close code and reason."""
        async with asyncio.timeout(within):
            await self.ws.wait_closed()
        return self.ws.close_code, self.ws.close_reason


async def until_subscribed(
    broadcast: Broadcast, channel: str, *, present: bool = True, within: float = TIMEOUT
) -> None:
    """Waits until the server listens on channel (or, with present=False, no longer does).

    A subscribe message has no acknowledgement and an event published before the server-side
    subscription exists is not replayed, so tests that publish must wait for this first.
    """
    async with asyncio.timeout(within):
        while True:
            if bool(broadcast._subscribers.get(channel)) == present:
                return
            await asyncio.sleep(0.01)


@asynccontextmanager
async def graphql_socket(
    url: str, *, protocol: str = TRANSPORT_WS, headers: dict[str, str] | None = None
) -> AsyncIterator[GraphQLSocket]:
    async with connect(
        url,
        subprotocols=[Subprotocol(protocol)],
        additional_headers=headers,
        open_timeout=TIMEOUT,
        close_timeout=TIMEOUT,
    ) as ws:
        assert ws.subprotocol == protocol
        yield GraphQLSocket(ws, protocol)


async def access_token(
    services: Services, tenant: TenantInfo, *, kind: SessionKind, subject_id: int | None = None
) -> str:
    """An access token as a login issues it; without subject_id, for a new member."""
    async with services.db.unit(tenant.id) as uow:
        if subject_id is None:
            assert kind is SessionKind.MEMBER, "pass the staff id for a staff token"
            member = Member(
                email=f"member-{secrets.token_hex(4)}@example.com",
                password_hash=await hash_password("member-pass-123"),
            )
            uow.session.add(member)
            await uow.session.flush()
            assert member.id is not None
            subject_id = member.id
        ctx = Ctx(tenant=tenant, settings=services.settings)
        tokens = await issue_tokens(uow.session, ctx=ctx, kind=kind, subject_id=subject_id)
        await uow.commit()
    return tokens.access_token
