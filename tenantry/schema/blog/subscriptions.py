from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry

from tenantry.realtime import channels
from tenantry.realtime.broadcast import events
from tenantry.realtime.events import decode_event
from tenantry.resolvers import blog
from tenantry.schema.blog.types import BlogPostEvent, GQLInfo


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Posts of this site as they go live. A post scheduled for later is not "
        "announced when its time comes; poll blogPosts for those."
    )
    async def blog_post_published(self, info: GQLInfo) -> AsyncGenerator[BlogPostEvent, None]:
        # Only the broadcast is held open here, never a database session.
        channel = channels.blog(info.context.ctx.tenant.id)
        async with info.context.services.broadcast.subscribe(channel=channel) as subscriber:
            async for message in events(subscriber):
                event, data = decode_event(message.message)
                if event != blog.POST_PUBLISHED:
                    continue
                yield BlogPostEvent(
                    id=strawberry.ID(str(data["id"])),
                    slug=str(data["slug"]),
                    title=str(data["title"]),
                    published_at=datetime.fromisoformat(str(data["published_at"])),
                )
