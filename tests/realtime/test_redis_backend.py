"""broadcaster's own RedisBackend against ours, on a real Redis server."""

from __future__ import annotations

import asyncio
import secrets
from contextlib import AsyncExitStack

from broadcaster import Broadcast
from redis import asyncio as redis

from tenantry.realtime import channels
from tenantry.realtime.broadcast import create_broadcast
from tests.realtime.conftest import new_tenant_id
from tests.realtime.support import next_event, stays_silent, until


async def test_upstream_backend_drops_what_redis_delivers_to_it(
    redis_url: str, redis_admin: redis.Redis
) -> None:
    # given: broadcaster 0.3.1's RedisBackend, subscribed
    channel = channels.blog(new_tenant_id())
    async with Broadcast(redis_url) as broadcast, broadcast.subscribe(channel) as subscriber:
        # when: Redis hands the message to its subscribed connection
        receivers = await redis_admin.publish(channel, "hello")
        # then: the listener had already given up, so nothing reaches the subscriber
        assert receivers == 1
        assert await stays_silent(subscriber, 1.0)


async def test_fixed_backend_delivers_what_redis_delivers_to_it(
    redis_url: str, redis_admin: redis.Redis
) -> None:
    # given
    channel = channels.blog(new_tenant_id())
    async with create_broadcast(redis_url) as broadcast, broadcast.subscribe(channel) as subscriber:
        # when
        receivers = await redis_admin.publish(channel, "hello")
        # then
        assert receivers == 1
        assert (await next_event(subscriber)).message == "hello"


async def test_fixed_backend_resubscribes_after_its_connection_is_killed(
    redis_url: str, redis_admin: redis.Redis
) -> None:
    # given: a subscriber whose pub/sub connection carries a name we can find
    name = f"tenantry-test-{secrets.token_hex(4)}"
    channel = channels.blog(new_tenant_id())
    async with (
        create_broadcast(f"{redis_url}?client_name={name}") as broadcast,
        broadcast.subscribe(channel) as subscriber,
    ):
        await broadcast.publish(channel, "before")
        assert (await next_event(subscriber)).message == "before"
        (killed,) = await pubsub_clients(redis_admin, name)
        # when: only that connection is dropped, not the server other tests share
        assert await redis_admin.client_kill_filter(_id=killed["id"]) == 1

        async def resubscribed() -> bool:
            clients = await pubsub_clients(redis_admin, name)
            return any(c["sub"] == "1" and c["id"] != killed["id"] for c in clients)

        await until(resubscribed)
        await broadcast.publish(channel, "after")
        # then
        assert (await next_event(subscriber)).message == "after"


async def test_fixed_backend_unsubscribes_when_the_last_subscriber_leaves(
    redis_url: str, redis_admin: redis.Redis
) -> None:
    # given
    channel = channels.blog(new_tenant_id())
    async with create_broadcast(redis_url) as broadcast:
        async with broadcast.subscribe(channel):
            await until(lambda: subscribers(redis_admin, channel, 1))
        # when the block above ends; then
        await until(lambda: subscribers(redis_admin, channel, 0))


async def pubsub_clients(admin: redis.Redis, name: str) -> list[dict[str, str]]:
    clients = await admin.client_list(_type="pubsub")
    return [{k: str(v) for k, v in client.items()} for client in clients if client["name"] == name]


async def subscribers(admin: redis.Redis, channel: str, count: int) -> bool:
    return bool(await admin.pubsub_numsub(channel) == [(channel, count)])


async def test_fixed_backend_keeps_every_channel_subscribed_at_once(
    redis_url: str, redis_admin: redis.Redis
) -> None:
    # given: several channels subscribed concurrently, as sibling subscriptions of one
    # operation do (a conversation's messages and its typing)
    tenant_id = new_tenant_id()
    names = [channels.chat(tenant_id, conversation) for conversation in range(1, 5)]
    async with create_broadcast(redis_url) as broadcast, AsyncExitStack() as stack:
        subscribers = await asyncio.gather(
            *(stack.enter_async_context(broadcast.subscribe(name)) for name in names)
        )
        # when
        receivers = [await redis_admin.publish(name, name) for name in names]
        # then every channel reached our one connection and every subscriber hears its own
        assert receivers == [1, 1, 1, 1]
        heard = [(await next_event(subscriber)).message for subscriber in subscribers]
    assert heard == names
