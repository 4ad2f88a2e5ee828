"""Chat fan-out: N WebSocket subscribers to one conversation, K agent replies, publish→receive.

`python -m bench --scenario chat_fanout --subscribers 500` (or 5000):

1. creates a throwaway database and seeds, through the domain functions, a tenant, an agent
   (with a staff access token) and a conversation a visitor started;
2. starts tenantry as a uvicorn subprocess on loopback (broker `memory://`, or `postgres://`
   LISTEN/NOTIFY on the same database with `--broker postgres`);
3. opens N graphql-transport-ws sockets to `/api/{tenant}/graphql` from a few client processes
   (bench/fanout_client.py), each authenticated as the conversation's visitor and subscribed to
   `chatMessages(conversationId)`;
4. sends warm-up replies until every subscriber has received one (the server has no way to say
   that a subscription is listening, and a message published before that is not replayed);
5. sends K agent replies through REST (`POST /api/{tenant}/chat/agent/conversations/{id}/
   messages`), one at a time, each once every subscriber has the previous one, and measures for
   every (subscriber, message) the time from just before the POST to the client's receipt.

The figure includes the REST request, the insert and commit, the publish after commit, the
broker, the server's fan-out (a GraphQL execution and a WebSocket frame per subscriber) and the
client processes' own work, all on the same machine. There is no baseline to compare with.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import os
import resource
import secrets
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import httpx

from bench.database import BenchDatabase, fresh_database
from bench.fanout_client import client_process
from bench.runner import REQUEST_TIMEOUT, BenchFailed, percentile, serve, tenantry_env
from tenantry.auth.principal import Principal
from tenantry.config import Settings
from tenantry.core.context import Ctx, TenantInfo
from tenantry.db.database import Database
from tenantry.models.tenant import StaffRole
from tenantry.resolvers import chat, tenants
from tenantry.resolvers.sessions import SessionKind, issue_tokens

SLUG = "bench-chat"
BROKERS = ("memory", "postgres")
SOCKETS_PER_PROCESS = 1250
MAX_PROCESSES = 4
CONNECT_SECONDS = 150.0  # to open every socket
WARMUP_SECONDS = 60.0
STABLE_ATTEMPTS = 3  # warm-up replies that reach no new subscriber before the bench goes on
MESSAGE_SECONDS = 30.0  # for every subscriber to receive one message
GAP_SECONDS = 0.3  # between two measured messages
ANSWER_SECONDS = 30.0  # for a client process to answer a question
STOP_SECONDS = 20.0


@dataclass(frozen=True)
class FanoutResult:
    broker: str
    subscribers: int  # asked for
    connected: int
    warm: int  # subscribers that received a warm-up message
    processes: int
    connect_seconds: float
    post_ms: list[float]  # the REST reply's own latency, per message
    latencies_ms: list[float]  # one per (subscriber, message) received
    last_ms: list[float]  # per message: until the last subscriber that got it had it
    complete: int  # subscribers that received every measured message
    messages: int
    errors: list[str]
    server_cpu_ms: float | None = None  # the server process's CPU time per measured message
    client_cpu_ms: float | None = None  # the client processes' CPU time per measured message


async def seed_chat(db: Database, settings: Settings, *, slug: str = SLUG) -> dict[str, Any]:
    """A tenant, an agent with a staff token, and an open conversation of one visitor."""
    async with db.unit(None) as uow:
        tenant = await tenants.create_tenant(
            uow.session, data=tenants.TenantIn(slug=slug, name="Bench chat")
        )
        info = TenantInfo.from_model(tenant)
        await uow.commit()
    visitor_id = f"v-bench-{secrets.token_hex(8)}"
    async with db.unit(info.id) as uow:
        staff = await tenants.create_staff(
            uow.session,
            tenant_id=info.id,
            email="agent@bench.example.com",
            password="bench-password",
            name="Bench Agent",
            role=StaffRole.AGENT,
        )
        assert staff.id is not None
        conversation = await chat.start_conversation(
            uow.session,
            ctx=Ctx(tenant=info, settings=settings, principal=Principal(visitor_id=visitor_id)),
            data=chat.StartConversationIn(visitor_name="Bench visitor", initial_message="Hello!"),
        )
        issued = await issue_tokens(
            uow.session,
            ctx=Ctx(tenant=info, settings=settings),
            kind=SessionKind.STAFF,
            subject_id=staff.id,
        )
        await uow.commit()
    return {
        "slug": slug,
        "tenant_id": info.id,
        "conversation_id": conversation.id,
        "visitor_id": visitor_id,
        "staff_token": issued.access_token,
    }


def raise_open_files(needed: int) -> int:
    """Raises the soft RLIMIT_NOFILE (inherited by the server and client processes) to needed,
    as far as the hard limit allows; the soft limit now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return soft
    new = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
    return new


def split(subscribers: int, processes: int | None) -> list[int]:
    """Sockets per client process: about SOCKETS_PER_PROCESS each, at most MAX_PROCESSES."""
    count = processes or min(MAX_PROCESSES, math.ceil(subscribers / SOCKETS_PER_PROCESS))
    count = max(1, min(count, subscribers))
    return [subscribers // count + (i < subscribers % count) for i in range(count)]


class ClientPool:
    """The client processes, and the questions the bench asks them over their pipes."""

    def __init__(self, pipes: Sequence[Connection], pids: Sequence[int | None] = ()) -> None:
        self.pipes = list(pipes)
        self.pids = [pid for pid in pids if pid is not None]

    async def _answer(self, conn: Connection, within: float) -> Any:
        answer = await asyncio.to_thread(_recv, conn, within)
        if isinstance(answer, tuple) and answer and answer[0] == "crashed":
            raise BenchFailed(f"a client process failed: {answer[1]}")
        return answer

    async def first(self, within: float) -> list[Any]:
        return list(await asyncio.gather(*(self._answer(c, within) for c in self.pipes)))

    async def ask(self, command: str, argument: Any, within: float = ANSWER_SECONDS) -> list[Any]:
        for conn in self.pipes:
            conn.send((command, argument))
        return await self.first(within)

    async def received(self, tag: str | None) -> int:
        return sum(await self.ask("received", tag))


def _recv(conn: Connection, within: float) -> Any:
    try:
        if conn.poll(within):
            return conn.recv()
    except EOFError:
        raise BenchFailed("a client process ended unexpectedly") from None
    raise BenchFailed(f"a client process did not answer within {within:g} s")


@asynccontextmanager
async def client_pool(
    url: str,
    init: dict[str, Any],
    variables: dict[str, Any],
    counts: Sequence[int],
    lifetime: float,
) -> AsyncIterator[ClientPool]:
    """Spawns one process per count; stops them (or, failing that, kills them) at the end."""
    context = multiprocessing.get_context("spawn")
    processes: list[multiprocessing.process.BaseProcess] = []
    pipes: list[Connection] = []
    try:
        for count in counts:
            parent, child = context.Pipe()
            process = context.Process(
                target=client_process,
                args=(url, init, variables, count, child, lifetime),
                daemon=True,
                name=f"bench-fanout-client-{len(processes)}",
            )
            process.start()
            child.close()
            processes.append(process)
            pipes.append(parent)
        yield ClientPool(pipes, [process.pid for process in processes])
    finally:
        await asyncio.to_thread(_stop_processes, processes, pipes)


def _stop_processes(
    processes: Sequence[multiprocessing.process.BaseProcess], pipes: Sequence[Connection]
) -> None:
    for conn in pipes:
        with suppress(OSError):
            conn.send(("stop", None))
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        process.join(max(0.1, deadline - time.monotonic()))
    for process in processes:
        if process.is_alive():
            process.terminate()
            process.join(5)
        if process.is_alive():
            process.kill()
            process.join(5)
    for conn in pipes:
        conn.close()


async def run_fanout(
    *,
    server_url: str,
    subscribers: int,
    messages: int,
    broker: str = "memory",
    processes: int | None = None,
) -> FanoutResult:
    limit = raise_open_files(subscribers + 1024)
    if limit < subscribers + 256:
        raise BenchFailed(f"{subscribers} sockets need more open files than the limit {limit}")
    counts = split(subscribers, processes)
    async with fresh_database(server_url) as database:
        seeded = await _seed(database)
        env = tenantry_env(database, broadcast_url=_broker_url(broker, database))
        async with serve("tenantry", "tenantry.app:create_app", env) as server:
            url = server.base_url.replace("http://", "ws://") + f"/api/{seeded['slug']}/graphql"
            init = {"tenant": seeded["slug"], "visitorId": seeded["visitor_id"]}
            variables = {"id": str(seeded["conversation_id"])}
            lifetime = CONNECT_SECONDS + WARMUP_SECONDS + messages * (MESSAGE_SECONDS + 5) + 120
            started = time.perf_counter()
            async with client_pool(url, init, variables, counts, lifetime) as pool:
                hellos = await pool.first(CONNECT_SECONDS)
                connect_seconds = time.perf_counter() - started
                connected = sum(hello[1] for hello in hellos)
                errors = [e for hello in hellos for e in hello[3]]
                failed = sum(hello[2] for hello in hellos)
                if failed:
                    errors.insert(0, f"{failed} sockets failed to subscribe")
                if not connected:
                    raise BenchFailed(f"no subscriber connected: {errors}")
                async with httpx.AsyncClient(
                    base_url=server.base_url, timeout=REQUEST_TIMEOUT
                ) as http:
                    warm = await _warm_up(http, pool, seeded, connected)
                    before = cpu_seconds([server.process.pid]), cpu_seconds(pool.pids)
                    tags, sent_at, post_ms = await _measure(http, pool, seeded, messages, warm)
                    after = cpu_seconds([server.process.pid]), cpu_seconds(pool.pids)
                answers = await pool.ask("results", tags)
    return _result(
        broker=broker,
        subscribers=subscribers,
        connected=connected,
        warm=warm,
        processes=len(counts),
        connect_seconds=connect_seconds,
        post_ms=post_ms,
        sent_at=sent_at,
        answers=answers,
        errors=errors,
        server_cpu_ms=_per_message(before[0], after[0], messages),
        client_cpu_ms=_per_message(before[1], after[1], messages),
    )


def cpu_seconds(pids: Sequence[int]) -> float | None:
    """User + system CPU time of the processes so far (Linux /proc); None elsewhere."""
    total = 0.0
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        for pid in pids:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    except (OSError, ValueError, IndexError):
        return None
    return total


def _per_message(before: float | None, after: float | None, messages: int) -> float | None:
    if before is None or after is None or not messages:
        return None
    return (after - before) * 1000 / messages


def _broker_url(broker: str, database: BenchDatabase) -> str:
    if broker == "memory":
        return "memory://"
    if broker == "postgres":
        return "postgres://" + database.dsn.split("://", 1)[1]
    raise ValueError(f"unknown broker {broker!r}")


async def _seed(database: BenchDatabase) -> dict[str, Any]:
    settings = database.settings()
    db = Database.from_settings(settings)
    try:
        return await seed_chat(db, settings)
    finally:
        await db.dispose()


async def reply(http: httpx.AsyncClient, seeded: dict[str, Any], content: str) -> None:
    response = await http.post(
        f"/api/{seeded['slug']}/chat/agent/conversations/{seeded['conversation_id']}/messages",
        json={"content": content},
        headers={"Authorization": f"Bearer {seeded['staff_token']}"},
    )
    if response.status_code != 201:
        raise BenchFailed(f"agent reply answered {response.status_code}: {response.text}")


async def _warm_up(
    http: httpx.AsyncClient, pool: ClientPool, seeded: dict[str, Any], connected: int
) -> int:
    """Replies until every subscriber has heard one, the count stops growing (STABLE_ATTEMPTS
    replies in a row), or the time is up; how many have heard one."""
    deadline = time.perf_counter() + WARMUP_SECONDS
    heard = unchanged = attempt = 0
    while time.perf_counter() < deadline and unchanged < STABLE_ATTEMPTS:
        await reply(http, seeded, f"warm-up {attempt}")
        attempt += 1
        before = heard
        wait_until = min(deadline, time.perf_counter() + 5)
        while time.perf_counter() < wait_until:
            heard = await pool.received(None)
            if heard >= connected:
                return heard
            await asyncio.sleep(0.1)
        unchanged = unchanged + 1 if heard == before else 0
    if not heard:
        raise BenchFailed(f"no subscriber heard a message within {WARMUP_SECONDS:g} s")
    return heard


async def _measure(
    http: httpx.AsyncClient, pool: ClientPool, seeded: dict[str, Any], messages: int, warm: int
) -> tuple[list[str], list[float], list[float]]:
    tags: list[str] = []
    sent_at: list[float] = []
    post_ms: list[float] = []
    for index in range(messages):
        await asyncio.sleep(GAP_SECONDS)
        tag = f"bench message {index + 1}"
        sent = time.perf_counter()
        await reply(http, seeded, tag)
        post_ms.append((time.perf_counter() - sent) * 1000)
        tags.append(tag)
        sent_at.append(sent)
        deadline = time.perf_counter() + MESSAGE_SECONDS
        while time.perf_counter() < deadline:
            if await pool.received(tag) >= warm:
                break
            await asyncio.sleep(0.05)
    return tags, sent_at, post_ms


def _result(
    *,
    broker: str,
    subscribers: int,
    connected: int,
    warm: int,
    processes: int,
    connect_seconds: float,
    post_ms: list[float],
    sent_at: list[float],
    answers: list[tuple[list[list[float | None]], list[str]]],
    errors: list[str],
    server_cpu_ms: float | None = None,
    client_cpu_ms: float | None = None,
) -> FanoutResult:
    latencies: list[float] = []
    last = [0.0] * len(sent_at)
    complete = 0
    for rows, socket_errors in answers:
        errors += socket_errors
        for row in rows:
            complete += all(at is not None for at in row)
            for index, at in enumerate(row):
                if at is not None:
                    latency = (at - sent_at[index]) * 1000
                    latencies.append(latency)
                    last[index] = max(last[index], latency)
    return FanoutResult(
        broker=broker,
        subscribers=subscribers,
        connected=connected,
        warm=warm,
        processes=processes,
        connect_seconds=connect_seconds,
        post_ms=post_ms,
        latencies_ms=latencies,
        last_ms=last,
        complete=complete,
        messages=len(sent_at),
        errors=errors,
        server_cpu_ms=server_cpu_ms,
        client_cpu_ms=client_cpu_ms,
    )


def report(result: FanoutResult) -> str:
    lat, post, last = result.latencies_ms, result.post_ms, result.last_ms
    lines = [
        f"scenario: chat_fanout — {result.subscribers} graphql-transport-ws subscribers to one "
        f"conversation, {result.messages} agent replies over REST",
        f"broker: {result.broker}; {result.connected} of {result.subscribers} subscribed from "
        f"{result.processes} client process(es) in {result.connect_seconds:.1f} s; "
        f"{result.warm} heard the warm-up",
        "",
        f"publish→receive over {len(lat)} deliveries: p50 {percentile(lat, 0.5):.1f} ms, "
        f"p99 {percentile(lat, 0.99):.1f} ms, max {max(lat, default=0):.1f} ms",
        f"until the last subscriber had it, per message: p50 {percentile(last, 0.5):.1f} ms, "
        f"max {max(last, default=0):.1f} ms",
        f"the REST reply itself (POST to 201): p50 {percentile(post, 0.5):.1f} ms, "
        f"max {max(post, default=0):.1f} ms",
        f"received every message: {result.complete} of {result.connected} subscribers",
    ]
    if result.server_cpu_ms is not None and result.client_cpu_ms is not None:
        per = result.server_cpu_ms * 1000 / max(result.warm, 1)
        lines.append(
            f"CPU per message (gaps and polling included): server {result.server_cpu_ms:.0f} ms "
            f"({per:.0f} µs per subscriber), client processes {result.client_cpu_ms:.0f} ms"
        )
    lines += [
        "",
        "no baseline: this scenario measures tenantry alone.",
    ]
    if result.errors:
        lines += ["", "errors (first 10):", *(f"  {e}" for e in result.errors[:10])]
    return "\n".join(lines)
