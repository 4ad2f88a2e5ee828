from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from tenantry.config import Settings
from tenantry.core.ids import parse_id
from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.models import media as rows
from tenantry.resolvers import media
from tenantry.schema.context import GraphQLContext
from tenantry.schema.pagination import PageInfo

GQLInfo = Info[GraphQLContext, None]


@strawberry.type
class Media:
    id: strawberry.ID
    url: str
    filename: str = strawberry.field(description="The stored name, chosen by the server.")
    original_name: str
    folder: str
    content_type: str
    size: int
    created_at: datetime

    @classmethod
    def from_model(cls, item: rows.Media, settings: Settings) -> Media:
        return cls(
            id=strawberry.ID(str(item.id)),
            url=media.media_url(settings, item),
            filename=item.filename,
            original_name=item.original_name,
            folder=item.folder,
            content_type=item.content_type,
            size=item.size,
            created_at=item.created_at,
        )


@strawberry.type
class MediaPage:
    items: list[Media]
    page_info: PageInfo


@strawberry.type
class Query:
    @strawberry.field(
        description="Uploads of this site, newest first: a member's own, or all for staff."
    )
    async def media_list(
        self,
        info: GQLInfo,
        folder: str | None = None,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
    ) -> MediaPage:
        context = info.context
        request = PageRequest.parse(page, per_page)
        found = await media.list_media(
            context.session, ctx=context.ctx, folder=folder, page=request
        )
        settings = context.services.settings
        return MediaPage(
            items=[Media.from_model(item, settings) for item in found.items],
            page_info=PageInfo.from_page(found),
        )


@strawberry.type
class Mutation:
    @strawberry.mutation(description="The uploader or staff; the file goes with the row.")
    async def delete_media(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await media.delete_media(context.session, ctx=context.ctx, media_id=parse_id(id, "media"))
        return True
