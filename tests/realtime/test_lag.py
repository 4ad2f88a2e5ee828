"""Every broker's messages are timed from publish to receipt, and /metrics shows it by broker."""

from __future__ import annotations

import time

from redis import asyncio as redis

from tenantry.realtime import channels
from tenantry.realtime.broadcast import SafeBroadcast, create_broadcast
from tenantry.realtime.envelope import stamp
from tenantry.realtime.events import decode_event, encode_event
from tenantry.serving.metrics import Metrics
from tests.realtime.conftest import new_tenant_id
from tests.realtime.support import next_event

LAG = "tenantry_pubsub_lag_seconds"


def lag_sample(metrics: Metrics, suffix: str, broker: str) -> float:
    return metrics.registry.get_sample_value(f"{LAG}_{suffix}", {"broker": broker}) or 0.0


async def test_a_delivered_message_is_timed_under_its_broker(broadcast_url: str) -> None:
    # given
    channel = channels.blog(new_tenant_id())
    metrics = Metrics()
    async with (
        create_broadcast(broadcast_url) as broadcast,
        broadcast.subscribe(channel) as subscriber,
    ):
        assert isinstance(broadcast, SafeBroadcast)
        metrics.watch_broadcast(broadcast)
        # when
        await broadcast.publish(channel, encode_event("post.published", {"id": 1}))
        received = await next_event(subscriber)
    # then: the subscriber sees the message as published, and its delay is counted
    assert decode_event(received.message) == ("post.published", {"id": 1})
    assert broadcast.kind == broadcast_url.split(":", 1)[0]
    assert lag_sample(metrics, "count", broadcast.kind) == 1.0
    assert 0.0 <= lag_sample(metrics, "sum", broadcast.kind) < 5.0


async def test_a_message_from_another_process_is_timed_by_its_stamp(redis_url: str) -> None:
    # given: another process whose clock runs a minute ahead publishes straight to Redis
    channel = channels.blog(new_tenant_id())
    metrics = Metrics()
    publisher = redis.Redis.from_url(redis_url)
    try:
        async with (
            create_broadcast(redis_url) as broadcast,
            broadcast.subscribe(channel) as subscriber,
        ):
            metrics.watch_broadcast(broadcast)
            # when
            ahead = stamp(encode_event("e", {"n": 1}), now=time.time() + 60)
            late = stamp(encode_event("e", {"n": 2}), now=time.time() - 2)
            await publisher.publish(channel, ahead)
            await publisher.publish(channel, late)
            first, second = await next_event(subscriber), await next_event(subscriber)
    finally:
        await publisher.aclose()
    # then: the one from the future took no time (not minus a minute); the other took ~2 s
    assert [decode_event(e.message)[1] for e in (first, second)] == [{"n": 1}, {"n": 2}]
    assert lag_sample(metrics, "count", "redis") == 2.0
    assert 2.0 <= lag_sample(metrics, "sum", "redis") < 7.0
    assert (
        metrics.registry.get_sample_value(f"{LAG}_bucket", {"broker": "redis", "le": "0.001"})
        == 1.0
    )


async def test_a_message_without_a_stamp_is_delivered_but_not_timed(redis_url: str) -> None:
    # given
    channel = channels.blog(new_tenant_id())
    metrics = Metrics()
    publisher = redis.Redis.from_url(redis_url)
    try:
        async with (
            create_broadcast(redis_url) as broadcast,
            broadcast.subscribe(channel) as subscriber,
        ):
            metrics.watch_broadcast(broadcast)
            # when: a publisher that predates stamps
            await publisher.publish(channel, "hello")
            received = await next_event(subscriber)
    finally:
        await publisher.aclose()
    # then
    assert received.message == "hello"
    assert lag_sample(metrics, "count", "redis") == 0.0


async def test_a_failing_lag_listener_does_not_stop_delivery() -> None:
    # given
    channel = channels.blog(new_tenant_id())

    def broken(broker: str, seconds: float) -> None:
        raise RuntimeError("metrics are down")

    async with (
        create_broadcast("memory://") as broadcast,
        broadcast.subscribe(channel) as subscriber,
    ):
        assert isinstance(broadcast, SafeBroadcast)
        broadcast.watch_lag(broken)
        # when
        await broadcast.publish(channel, "first")
        await broadcast.publish(channel, "second")
        # then
        assert [(await next_event(subscriber)).message for _ in range(2)] == ["first", "second"]
