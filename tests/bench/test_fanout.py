"""The chat fan-out bench's machinery against the live test app, with a handful of subscribers:
the graphql-transport-ws handshake, the receive times, and the client processes' protocol."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from bench import fanout
from bench.fanout_client import close_all, received, subscribe_many, times
from tenantry.realtime import channels
from tenantry.serving.services import Services
from tests.live import LiveServer

pytestmark = pytest.mark.usefixtures("app")


async def seeded_chat(services: Services) -> dict[str, Any]:
    slug = f"bench-chat-{secrets.token_hex(4)}"
    return await fanout.seed_chat(services.db, services.settings, slug=slug)


def endpoints(
    live_server: LiveServer, seeded: dict[str, Any]
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    url = live_server.ws(f"/api/{seeded['slug']}/graphql")
    init = {"tenant": seeded["slug"], "visitorId": seeded["visitor_id"]}
    return url, init, {"id": str(seeded["conversation_id"])}


async def until(condition: Callable[[], bool], within: float = 5.0) -> None:
    async with asyncio.timeout(within):
        while True:
            if condition():
                return
            await asyncio.sleep(0.01)


async def listening(services: Services, seeded: dict[str, Any], count: int) -> None:
    """Until the server holds count subscriptions on the conversation's channel."""
    channel = channels.chat(seeded["tenant_id"], seeded["conversation_id"])
    await until(lambda: len(services.broadcast._subscribers.get(channel, ())) >= count)


async def test_subscribers_complete_the_handshake_and_time_each_message(
    live_server: LiveServer, services: Services
) -> None:
    # given: five subscribers of the bench's kind
    seeded = await seeded_chat(services)
    url, init, variables = endpoints(live_server, seeded)
    subscribers, errors = await subscribe_many(url, init, variables, 5)
    try:
        assert (len(subscribers), errors) == (5, [])
        await listening(services, seeded, 5)
        # when: the agent replies through REST, as the bench does
        async with httpx.AsyncClient(base_url=live_server.http(), timeout=5) as http:
            sent = time.perf_counter()
            await fanout.reply(http, seeded, "hello, bench")
        await until(lambda: received(subscribers, "hello, bench") == 5)
    finally:
        await close_all(subscribers)
    # then: each has a receive time after the send, on the same clock
    [row, *rows] = times(subscribers, ["hello, bench"])
    assert all(r[0] is not None and sent < r[0] < time.perf_counter() for r in [row, *rows])
    assert all(s.error is None or s.error.startswith("closed") for s in subscribers)


async def test_a_visitor_of_another_conversation_is_not_subscribed(
    live_server: LiveServer, services: Services
) -> None:
    seeded = await seeded_chat(services)
    url, init, variables = endpoints(live_server, seeded)
    intruder = {**init, "visitorId": "v-somebody-else"}

    subscribers, _ = await subscribe_many(url, intruder, variables, 1)
    try:
        await until(lambda: subscribers[0].error is not None)
    finally:
        await close_all(subscribers)

    assert subscribers[0].error is not None
    assert subscribers[0].error.startswith("next without a message")
    assert "NOT_FOUND" in subscribers[0].error
    assert not subscribers[0].got


async def test_client_processes_answer_the_bench(
    live_server: LiveServer, services: Services
) -> None:
    # given: three subscribers in two spawned client processes
    seeded = await seeded_chat(services)
    url, init, variables = endpoints(live_server, seeded)
    async with (
        fanout.client_pool(url, init, variables, fanout.split(3, 2), lifetime=30) as pool,
        httpx.AsyncClient(base_url=live_server.http(), timeout=5) as http,
    ):
        hellos = await pool.first(within=20)
        # when: the bench's own warm-up and two measured messages
        warm = await fanout._warm_up(http, pool, seeded, connected=3)
        tags, sent_at, post_ms = await fanout._measure(http, pool, seeded, 2, warm)
        answers = await pool.ask("results", tags)
    result = fanout._result(
        broker="memory",
        subscribers=3,
        connected=sum(hello[1] for hello in hellos),
        warm=warm,
        processes=2,
        connect_seconds=0,
        post_ms=post_ms,
        sent_at=sent_at,
        answers=answers,
        errors=[],
    )
    # then
    assert sorted(hello[1] for hello in hellos) == [1, 2]
    assert (result.connected, result.warm, result.complete, result.messages) == (3, 3, 3, 2)
    assert len(result.latencies_ms) == 6
    assert all(0 < latency < 5000 for latency in result.latencies_ms)
    assert "received every message: 3 of 3 subscribers" in fanout.report(result)


def test_sockets_are_shared_out_among_at_most_four_processes() -> None:
    assert fanout.split(500, None) == [500]
    assert fanout.split(5000, None) == [1250] * 4
    assert fanout.split(10_000, None) == [2500] * 4
    assert fanout.split(5, 2) == [3, 2]
    assert fanout.split(2, 8) == [1, 1]
