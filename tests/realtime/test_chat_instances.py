"""Two app processes on one PostgreSQL database chat live through postgres:// and redis://.

Each test migrates a fresh database, starts two real `python -m tenantry serve` processes
sharing it and a broker, puts the visitor on instance A and the agent on instance B, and drops
the database afterwards. The outage test cuts only our own broker connections (they carry a
unique client/application name), never the server other tests share.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from redis import asyncio as redis

from tenantry.config import Settings
from tenantry.db.database import Database
from tenantry.db.migrate import upgrade_engine
from tenantry.models.tenant import StaffRole
from tenantry.realtime.broadcast import postgres_dsn
from tenantry.resolvers.sessions import SessionKind
from tenantry.serving.services import Services
from tests.conftest import PG_ADMIN_DSN, Factory, make_settings
from tests.live import GraphQLSocket, LiveServer, access_token, graphql_socket

WAIT = 20.0
MESSAGES = """
subscription($id: ID!, $after: ID) {
  chatMessages(conversationId: $id, after: $after) { id senderType content }
}
"""
TYPING = "subscription($id: ID!) { chatTyping(conversationId: $id) { sender isTyping } }"


@dataclass
class Shop:
    database_url: str
    slug: str
    staff_token: str
    settings: Settings


@dataclass
class Socket:
    """One socket with several operations: their `next` payloads, sorted by operation id."""

    socket: GraphQLSocket
    buffered: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    async def next_for(self, operation_id: str, within: float = WAIT) -> dict[str, Any]:
        async with asyncio.timeout(within):
            while not self.buffered.get(operation_id):
                message = await self.socket.receive(within=within)
                assert message["type"] == "next", message
                self.buffered.setdefault(message["id"], []).append(message["payload"]["data"])
            return self.buffered[operation_id].pop(0)


@pytest.fixture
async def shop(postgres_url: str, tmp_path: Path) -> AsyncIterator[Shop]:
    """A fresh, migrated database with one shop and an agent; dropped afterwards."""
    name = f"tenantry_chat_{secrets.token_hex(5)}"
    admin = await asyncpg.connect(PG_ADMIN_DSN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    url = postgres_url.rsplit("/", 1)[0] + f"/{name}"
    settings = make_settings(url, tmp_path)
    db = Database.from_settings(settings)
    try:
        await upgrade_engine(db.engine)
        services = Services.from_settings(settings, db=db)
        factory = Factory(services)
        tenant = await factory.tenant()
        staff_id, _ = await factory.staff(tenant, role=StaffRole.AGENT)
        token = await access_token(
            services, tenant.info, kind=SessionKind.STAFF, subject_id=staff_id
        )
        yield Shop(database_url=url, slug=tenant.slug, staff_token=token, settings=settings)
    finally:
        await db.dispose()
        admin = await asyncpg.connect(PG_ADMIN_DSN)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@asynccontextmanager
async def instance(shop: Shop, broadcast_url: str, log: Path) -> AsyncIterator[LiveServer]:
    """`python -m tenantry serve` on a free port, terminated (or killed) when the block ends."""
    port = _free_port()
    env = {
        **os.environ,
        "TENANTRY_ENVIRONMENT": "test",
        "TENANTRY_DATABASE_URL": shop.database_url,
        "TENANTRY_BROADCAST_URL": broadcast_url,
        "TENANTRY_SECRET_KEY": shop.settings.secret_key,
        "TENANTRY_TENANT_CACHE_SECONDS": "0",
        "TENANTRY_MEDIA_ROOT": str(shop.settings.media_root),
    }
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tenantry", "serve", "--port", str(port),
            env=env, stdout=output, stderr=output,
        )  # fmt: skip
    server = LiveServer("127.0.0.1", port)
    try:
        await _until_ready(server, process, log)
        yield server
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                async with asyncio.timeout(10):
                    await process.wait()
            except TimeoutError:
                process.kill()
                await process.wait()


async def _until_ready(server: LiveServer, process: Any, log: Path) -> None:
    async with asyncio.timeout(30), httpx.AsyncClient(timeout=2) as http:
        while True:
            if process.returncode is not None:
                pytest.fail(f"instance exited:\n{await asyncio.to_thread(log.read_text)}")
            with suppress(httpx.TransportError):
                if (await http.get(server.http("/readyz"))).status_code == 200:
                    return
            await asyncio.sleep(0.2)


@dataclass
class Chat:
    """A visitor on instance A and an agent on instance B, each with a socket on their own."""

    shop: Shop
    a: LiveServer
    b: LiveServer
    visitor: httpx.AsyncClient
    agent: httpx.AsyncClient
    conversation_id: int = 0
    visitor_id: str = ""

    def path(self, rest: str = "") -> str:
        return f"/api/{self.shop.slug}/chat/conversations/{self.conversation_id}{rest}"

    async def start(self) -> int:
        response = await self.visitor.post(
            f"/api/{self.shop.slug}/chat/conversations",
            json={"visitor_name": "Ann", "initial_message": "Hello!"},
        )
        assert response.status_code == 201, response.text
        data = response.json()["data"]
        self.conversation_id, self.visitor_id = data["id"], data["visitor_id"]
        return await self.last_id()

    async def last_id(self) -> int:
        response = await self.visitor.get(self.path("/messages"))
        last: int = response.json()["data"][-1]["id"]
        return last

    async def visitor_says(self, text: str) -> int:
        response = await self.visitor.post(self.path("/messages"), json={"content": text})
        assert response.status_code == 201, response.text
        message_id: int = response.json()["data"]["id"]
        return message_id

    async def agent_says(self, text: str) -> int:
        response = await self.agent.post(
            f"/api/{self.shop.slug}/chat/agent/conversations/{self.conversation_id}/messages",
            json={"content": text},
        )
        assert response.status_code == 201, response.text
        message_id: int = response.json()["data"]["id"]
        return message_id

    async def types(self, client: httpx.AsyncClient) -> None:
        response = await client.post(self.path("/typing"), json={"is_typing": True})
        assert response.status_code == 202, response.text

    @asynccontextmanager
    async def socket(self, server: LiveServer, *, as_agent: bool) -> AsyncIterator[Socket]:
        async with graphql_socket(server.ws(f"/api/{self.shop.slug}/graphql")) as raw:
            if as_agent:
                payload = {"authorization": f"Bearer {self.shop.staff_token}"}
            else:
                payload = {"tenant": self.shop.slug, "visitorId": self.visitor_id}
            ack = await raw.init(payload)
            assert ack["type"] == "connection_ack", ack
            yield Socket(raw)


@asynccontextmanager
async def chat_between(shop: Shop, broadcast_url: str, logs: Path) -> AsyncIterator[Chat]:
    async with (
        instance(shop, broadcast_url, logs / "a.log") as a,
        instance(shop, broadcast_url, logs / "b.log") as b,
        httpx.AsyncClient(base_url=a.http(), timeout=10) as visitor,
        httpx.AsyncClient(
            base_url=b.http(),
            timeout=10,
            headers={"Authorization": f"Bearer {shop.staff_token}"},
        ) as agent,
    ):
        yield Chat(shop, a, b, visitor, agent)


async def heard_typing(
    send: Callable[[], Awaitable[None]], listener: Socket, operation_id: str
) -> dict[str, Any]:
    """Typing is ephemeral and clients repeat it while typing: repeat until the other side
    hears it, which also proves both instances are listening."""
    async with asyncio.timeout(WAIT):
        while True:
            await send()
            try:
                data: dict[str, Any] = await listener.next_for(operation_id, within=0.5)
            except TimeoutError:
                continue
            return data


async def converse(chat: Chat) -> None:
    first = await chat.start()
    variables = {"id": str(chat.conversation_id), "after": str(first)}
    typing = {"id": str(chat.conversation_id)}
    async with (
        chat.socket(chat.a, as_agent=False) as visitor,
        chat.socket(chat.b, as_agent=True) as agent,
    ):
        visitor_messages = await visitor.socket.start(MESSAGES, variables)
        visitor_typing = await visitor.socket.start(TYPING, typing)
        agent_messages = await agent.socket.start(MESSAGES, variables)
        agent_typing = await agent.socket.start(TYPING, typing)
        # typing, both ways
        assert await heard_typing(lambda: chat.types(chat.agent), visitor, visitor_typing) == {
            "chatTyping": {"sender": "agent", "isTyping": True}
        }
        assert await heard_typing(lambda: chat.types(chat.visitor), agent, agent_typing) == {
            "chatTyping": {"sender": "visitor", "isTyping": True}
        }
        # messages, both ways
        asked = await chat.visitor_says("Can I change my address?")
        assert await agent.next_for(agent_messages) == {
            "chatMessages": {
                "id": str(asked),
                "senderType": "VISITOR",
                "content": "Can I change my address?",
            }
        }
        answered = await chat.agent_says("Yes, until it ships.")
        heard = [await visitor.next_for(visitor_messages) for _ in range(2)]
        assert [h["chatMessages"]["id"] for h in heard] == [str(asked), str(answered)]
        assert heard[1]["chatMessages"]["senderType"] == "AGENT"


async def test_two_instances_chat_through_postgres(shop: Shop, tmp_path: Path) -> None:
    async with chat_between(shop, postgres_dsn(shop.database_url), tmp_path) as chat:
        await converse(chat)


async def test_two_instances_chat_through_redis(shop: Shop, redis_url: str, tmp_path: Path) -> None:
    async with chat_between(shop, redis_url, tmp_path) as chat:
        await converse(chat)


async def _cut_redis(admin: redis.Redis, name: str) -> int:
    clients = [c for c in await admin.client_list() if c.get("name") == name]
    for client in clients:
        with suppress(redis.RedisError):
            await admin.client_kill_filter(_id=client["id"])
    return len(clients)


async def _cut_postgres(admin: asyncpg.Connection, name: str) -> int:
    pids = await admin.fetch(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
        name,
    )
    return len(pids)


@asynccontextmanager
async def broker_down(cut: Callable[[], Awaitable[int]]) -> AsyncIterator[list[int]]:
    """Keeps cutting our broker connections, as fast as they come back, until the block ends."""
    cuts: list[int] = []
    stop = asyncio.Event()

    async def keep_cutting() -> None:
        while not stop.is_set():
            cuts.append(await cut())
            with suppress(TimeoutError):
                async with asyncio.timeout(0.05):
                    await stop.wait()

    task = asyncio.create_task(keep_cutting())
    try:
        yield cuts
    finally:
        stop.set()
        await task


async def outage(chat: Chat, cut: Callable[[], Awaitable[int]]) -> None:
    first = await chat.start()
    typing = {"id": str(chat.conversation_id)}
    async with chat.socket(chat.a, as_agent=False) as visitor:
        messages = await visitor.socket.start(
            MESSAGES, {"id": str(chat.conversation_id), "after": str(first)}
        )
        live_typing = await visitor.socket.start(TYPING, typing)
        await heard_typing(lambda: chat.types(chat.agent), visitor, live_typing)
        seen = await chat.agent_says("before the outage")
        assert (await visitor.next_for(messages))["chatMessages"]["id"] == str(seen)
        # when: the broker is unreachable for a few seconds mid-conversation
        async with broker_down(cut) as cuts:
            await asyncio.sleep(0.5)
            during = [
                await chat.agent_says("during 1"),
                await chat.visitor_says("during 2"),
                await chat.agent_says("during 3"),
            ]
            await asyncio.sleep(2.5)
    assert sum(cuts) > 0
    # then: everything is stored ...
    stored = [m["id"] for m in (await chat.visitor.get(chat.path("/messages"))).json()["data"]]
    assert stored[-3:] == during
    # ... and a client reconnecting with the last id it saw receives all it missed, then lives on
    async with chat.socket(chat.a, as_agent=False) as again:
        resumed = await again.socket.start(
            MESSAGES, {"id": str(chat.conversation_id), "after": str(seen)}
        )
        caught_up = [(await again.next_for(resumed))["chatMessages"]["id"] for _ in during]
        assert caught_up == [str(i) for i in during]
        again_typing = await again.socket.start(TYPING, typing)
        await heard_typing(lambda: chat.types(chat.agent), again, again_typing)
        after = await chat.agent_says("after the outage")
        assert (await again.next_for(resumed))["chatMessages"]["id"] == str(after)


async def test_nothing_is_lost_while_redis_is_unreachable(
    shop: Shop, redis_url: str, tmp_path: Path
) -> None:
    name = f"tenantry-chat-{secrets.token_hex(4)}"
    admin = redis.Redis.from_url(redis_url, decode_responses=True)
    try:
        async with chat_between(shop, f"{redis_url}?client_name={name}", tmp_path) as chat:
            await outage(chat, lambda: _cut_redis(admin, name))
    finally:
        await admin.aclose()


async def test_nothing_is_lost_while_the_postgres_listener_is_cut(
    shop: Shop, tmp_path: Path
) -> None:
    name = f"tenantry-chat-{secrets.token_hex(4)}"
    admin = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        url = f"{postgres_dsn(shop.database_url)}?application_name={name}"
        async with chat_between(shop, url, tmp_path) as chat:
            await outage(chat, lambda: _cut_postgres(admin, name))
    finally:
        await admin.close()
