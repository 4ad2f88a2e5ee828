"""Event payloads, their size limit, and publishing only after the unit of work commits."""

from __future__ import annotations

import secrets
from typing import Any

import asyncpg
import pytest
from sqlmodel import col, select

from tenantry.models.member import Member
from tenantry.realtime import channels
from tenantry.realtime.broadcast import create_broadcast
from tenantry.realtime.envelope import stamp
from tenantry.realtime.events import (
    MAX_PAYLOAD_BYTES,
    NOTIFY_LIMIT_BYTES,
    EventTooLarge,
    decode_event,
    encode_event,
    publish_after_commit,
)
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.realtime.conftest import new_tenant_id
from tests.realtime.support import next_event, stays_silent


def event_of_size(size: int) -> tuple[str, dict[str, Any]]:
    """An event whose encoded form is size bytes long."""
    overhead = len(encode_event("e", {"x": ""}).encode())
    return "e", {"x": "a" * (size - overhead)}


def test_event_round_trips_through_its_encoding() -> None:
    message = encode_event("post.published", {"id": 7, "title": "Hello"})
    assert decode_event(message) == ("post.published", {"id": 7, "title": "Hello"})


def test_event_over_the_notify_limit_is_refused_when_encoded() -> None:
    # given
    event, data = event_of_size(MAX_PAYLOAD_BYTES + 1)
    # when
    with pytest.raises(EventTooLarge) as refusal:
        encode_event(event, data)
    # then
    assert refusal.value.size == MAX_PAYLOAD_BYTES + 1
    assert f"the limit is {MAX_PAYLOAD_BYTES} bytes" in str(refusal.value)


def test_the_largest_event_stamped_still_fits_the_notify_limit() -> None:
    largest = encode_event(*event_of_size(MAX_PAYLOAD_BYTES))
    stamped = stamp(largest, now=9_999_999_999.999999)  # the widest stamp until 2286
    assert len(stamped.encode()) <= NOTIFY_LIMIT_BYTES


async def test_largest_event_passes_postgres_notify_and_one_byte_more_would_not(
    pg_broadcast_url: str,
) -> None:
    # given
    channel = channels.blog(new_tenant_id())
    largest = encode_event(*event_of_size(MAX_PAYLOAD_BYTES))
    assert len(largest.encode()) == MAX_PAYLOAD_BYTES
    async with (
        create_broadcast(pg_broadcast_url) as broadcast,
        broadcast.subscribe(channel) as subscriber,
    ):
        # when
        await broadcast.publish(channel, largest)
        # then
        assert (await next_event(subscriber)).message == largest
    admin = await asyncpg.connect(pg_broadcast_url)
    try:
        await admin.execute("SELECT pg_notify($1, $2)", channel, "a" * NOTIFY_LIMIT_BYTES)
        too_long = "a" * (NOTIFY_LIMIT_BYTES + 1)
        with pytest.raises(asyncpg.InvalidParameterValueError, match="payload string too long"):
            await admin.execute("SELECT pg_notify($1, $2)", channel, too_long)
    finally:
        await admin.close()


async def test_event_arrives_only_after_commit_with_the_row_already_visible(
    app: Any, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    channel = channels.blog(tenant.id)
    async with services.broadcast.subscribe(channel) as subscriber:
        async with services.db.unit(tenant.id) as uow:
            member = await add_member(uow.session)
            publish_after_commit(
                uow.session, channel=channel, event="member.created", data={"id": member.id}
            )
            # when: the transaction is still open
            assert await stays_silent(subscriber, 0.3)
            await uow.commit()
        # then
        event = await next_event(subscriber)
        async with services.db.unit(tenant.id) as reader:
            seen = await reader.session.scalar(select(Member.id).where(col(Member.id) == member.id))
    assert decode_event(event.message) == ("member.created", {"id": member.id})
    assert seen == member.id


async def test_rolled_back_unit_publishes_nothing(
    app: Any, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    channel = channels.blog(tenant.id)
    async with services.broadcast.subscribe(channel) as subscriber:
        async with services.db.unit(tenant.id) as uow:
            member = await add_member(uow.session)
            publish_after_commit(uow.session, channel=channel, event="e", data={"id": member.id})
            # when
            await uow.rollback()
        # then
        assert await stays_silent(subscriber, 0.5)


async def test_unit_failing_with_an_error_publishes_nothing(
    app: Any, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    channel = channels.blog(tenant.id)

    async def failing_operation() -> None:
        async with services.db.unit(tenant.id) as uow:
            await add_member(uow.session)
            publish_after_commit(uow.session, channel=channel, event="e", data={})
            raise RuntimeError("the resolver failed after publishing")

    async with services.broadcast.subscribe(channel) as subscriber:
        # when
        with pytest.raises(RuntimeError):
            await failing_operation()
        # then
        assert await stays_silent(subscriber, 0.5)


async def test_event_too_large_fails_inside_the_transaction(
    app: Any, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    event, data = event_of_size(MAX_PAYLOAD_BYTES + 1)
    async with services.db.unit(tenant.id) as uow:
        # when / then: the operation fails while it can still roll back
        with pytest.raises(EventTooLarge):
            publish_after_commit(
                uow.session, channel=channels.blog(tenant.id), event=event, data=data
            )


async def add_member(session: Any) -> Member:
    member = Member(email=f"m-{secrets.token_hex(4)}@example.com", password_hash="not-a-hash")
    session.add(member)
    await session.flush()
    return member
