"""Every broadcaster backend, against its real server: order, isolation, concurrency, instances."""

from __future__ import annotations

import asyncio

import pytest

from tenantry.realtime import channels
from tenantry.realtime.broadcast import create_broadcast
from tenantry.realtime.events import decode_event, encode_event
from tests.realtime.conftest import new_tenant_id
from tests.realtime.support import events, next_event, stays_silent


async def test_subscriber_receives_events_in_order(broadcast_url: str) -> None:
    # given
    channel = channels.blog(new_tenant_id())
    async with (
        create_broadcast(broadcast_url) as broadcast,
        broadcast.subscribe(channel) as subscriber,
    ):
        # when
        for n in range(10):
            await broadcast.publish(channel, encode_event("post.published", {"n": n}))
        # then
        received = await events(subscriber, 10)
    assert {event.channel for event in received} == {channel}
    assert [decode_event(event.message) for event in received] == [
        ("post.published", {"n": n}) for n in range(10)
    ]


async def test_subscriber_of_another_tenant_receives_nothing(broadcast_url: str) -> None:
    # given
    mine, theirs = channels.blog(new_tenant_id()), channels.blog(new_tenant_id())
    async with (
        create_broadcast(broadcast_url) as broadcast,
        broadcast.subscribe(mine) as subscriber,
        broadcast.subscribe(theirs) as other,
    ):
        # when
        await broadcast.publish(mine, encode_event("post.published", {"id": 1}))
        # then
        assert decode_event((await next_event(subscriber)).message)[1] == {"id": 1}
        assert await stays_silent(other, 0.5)


async def test_concurrent_publishes_all_arrive(broadcast_url: str) -> None:
    # given: more requests committing at the same moment than a client pool has connections
    channel = channels.blog(new_tenant_id())
    async with (
        create_broadcast(broadcast_url) as broadcast,
        broadcast.subscribe(channel) as subscriber,
    ):
        # when
        await asyncio.gather(
            *(broadcast.publish(channel, encode_event("n", {"n": n})) for n in range(500))
        )
        # then
        received = await events(subscriber, 500)
    assert sorted(decode_event(event.message)[1]["n"] for event in received) == list(range(500))


@pytest.mark.parametrize("server", ["postgres", "redis"])
async def test_event_published_on_one_instance_reaches_another(
    server: str, request: pytest.FixtureRequest
) -> None:
    # given: two app instances sharing one pub/sub server
    url = str(request.getfixturevalue("pg_broadcast_url" if server == "postgres" else "redis_url"))
    channel = channels.chat(new_tenant_id(), 7)
    async with (
        create_broadcast(url) as first,
        create_broadcast(url) as second,
        first.subscribe(channel) as on_first,
        second.subscribe(channel) as on_second,
    ):
        # when
        await second.publish(channel, encode_event("chat.message", {"id": 1}))
        # then
        assert decode_event((await next_event(on_first)).message)[1] == {"id": 1}
        assert decode_event((await next_event(on_second)).message)[1] == {"id": 1}


async def test_memory_backend_stays_inside_its_instance() -> None:
    # given: memory:// is for one process; several instances need postgres:// or redis://
    channel = channels.blog(new_tenant_id())
    async with (
        create_broadcast("memory://") as first,
        create_broadcast("memory://") as second,
        first.subscribe(channel) as on_first,
    ):
        # when
        await second.publish(channel, encode_event("post.published", {"id": 1}))
        # then
        assert await stays_silent(on_first, 0.3)


async def test_subscribing_again_after_everyone_left_still_delivers(broadcast_url: str) -> None:
    # given: the last subscriber of a channel left, which unsubscribes the backend
    channel = channels.blog(new_tenant_id())
    async with create_broadcast(broadcast_url) as broadcast:
        async with broadcast.subscribe(channel) as subscriber:
            await broadcast.publish(channel, encode_event("first", {}))
            await next_event(subscriber)
        # when
        async with broadcast.subscribe(channel) as subscriber:
            await broadcast.publish(channel, encode_event("second", {}))
            # then
            assert decode_event((await next_event(subscriber)).message)[0] == "second"


async def test_database_url_serves_as_postgres_broadcast_url(postgres_url: str) -> None:
    # given: the SQLAlchemy form, postgresql+asyncpg://, which asyncpg itself would refuse
    channel = channels.blog(new_tenant_id())
    async with (
        create_broadcast(postgres_url) as broadcast,
        broadcast.subscribe(channel) as subscriber,
    ):
        # when
        await broadcast.publish(channel, encode_event("post.published", {"id": 1}))
        # then
        assert decode_event((await next_event(subscriber)).message)[1] == {"id": 1}


async def test_subscribers_arriving_together_on_one_channel_all_receive(
    broadcast_url: str,
) -> None:
    # given 50 subscribers of one channel, all subscribing at the same moment
    from contextlib import AsyncExitStack

    channel = channels.chat(new_tenant_id(), 1)
    async with create_broadcast(broadcast_url) as broadcast, AsyncExitStack() as stack:
        subscribers = await asyncio.gather(
            *(stack.enter_async_context(broadcast.subscribe(channel)) for _ in range(50))
        )
        # when
        await broadcast.publish(channel=channel, message="hello")
        # then every one of them hears it
        heard = await asyncio.gather(*(next_event(subscriber) for subscriber in subscribers))
    assert [event.message for event in heard] == ["hello"] * 50
