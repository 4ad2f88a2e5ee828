from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tenantry.models.blog import BlogPost, BlogPostStatus
from tenantry.realtime import channels
from tenantry.realtime.events import decode_event
from tenantry.resolvers import blog
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.blog.support import BlogWriter

pytestmark = pytest.mark.usefixtures("app")  # the app's lifespan connects the broadcast


class Heard:
    def __init__(self, subscriber: Any) -> None:
        self.subscriber = subscriber

    async def events(self, wait: float = 0.3) -> list[tuple[str, dict[str, Any]]]:
        heard = []
        while True:
            try:
                message = await asyncio.wait_for(self.subscriber.get(), wait)
            except TimeoutError:
                return heard
            heard.append(decode_event(message.message))


@asynccontextmanager
async def listening(services: Services, tenant: TenantFixture) -> AsyncIterator[Heard]:
    async with services.broadcast.subscribe(channel=channels.blog(tenant.id)) as subscriber:
        yield Heard(subscriber)


async def publish(
    writer: BlogWriter, post_id: int | None, at: datetime | None = None, *, commit: bool = True
) -> BlogPost:
    assert post_id is not None
    async with writer.services.db.unit(writer.tenant.id) as uow:
        post = await blog.publish_post(
            uow.session, ctx=writer.ctx, post_id=post_id, published_at=at
        )
        if commit:
            await uow.commit()
    return post


async def test_publishing_now_makes_the_post_published(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    draft = await writer.post("News", publish=False)
    before = services.clock.now()

    post = await publish(writer, draft.id)

    assert post.status == BlogPostStatus.PUBLISHED
    assert post.published_at is not None
    assert before <= post.published_at <= services.clock.now()


async def test_publishing_announces_the_post_after_commit(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    draft = await writer.post("News", publish=False)

    # when
    async with listening(services, tenant) as heard:
        post = await publish(writer, draft.id)
        events = await heard.events()

    # then
    assert post.published_at is not None
    assert events == [
        (
            "blog.post_published",
            {
                "id": draft.id,
                "slug": "news",
                "title": "News",
                "published_at": post.published_at.isoformat(),
            },
        )
    ]


async def test_rolled_back_publication_announces_nothing(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    draft = await writer.post("News", publish=False)

    async with listening(services, tenant) as heard:
        await publish(writer, draft.id, commit=False)
        events = await heard.events()

    assert events == []
    assert (await writer.reload(draft.id)).status == BlogPostStatus.DRAFT


async def test_future_time_schedules_without_announcing(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    draft = await writer.post("Later", publish=False)
    at = services.clock.now() + timedelta(days=2)

    async with listening(services, tenant) as heard:
        post = await publish(writer, draft.id, at)
        events = await heard.events()

    assert post.status == BlogPostStatus.SCHEDULED
    assert post.published_at == at
    assert events == []


async def test_past_time_backdates_a_published_post(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    draft = await writer.post("Archive", publish=False)
    at = datetime(2020, 5, 1, 12, 0, tzinfo=UTC)

    post = await publish(writer, draft.id, at)

    assert post.status == BlogPostStatus.PUBLISHED
    assert (await writer.reload(draft.id)).published_at == at


async def test_naive_time_is_taken_as_utc(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    draft = await writer.post("Archive", publish=False)

    await publish(writer, draft.id, datetime(2020, 5, 1, 12, 0))

    assert (await writer.reload(draft.id)).published_at == datetime(2020, 5, 1, 12, 0, tzinfo=UTC)


async def test_publishing_a_live_post_again_keeps_its_date_silently(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)

    async with listening(services, tenant) as heard:
        live = await writer.post("Old news")
        first = await heard.events()
        again = await publish(writer, live.id)
        events = await heard.events()

    assert again.published_at == live.published_at
    assert len(first) == 1
    assert events == []


async def test_unpublishing_returns_the_post_to_draft(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    live = await writer.post("Oops")
    assert live.id is not None

    async with services.db.unit(tenant.id) as uow:
        post = await blog.unpublish_post(uow.session, ctx=writer.ctx, post_id=live.id)
        await uow.commit()

    assert post.status == BlogPostStatus.DRAFT
    assert post.published_at is None
