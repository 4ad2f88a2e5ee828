from __future__ import annotations

import strawberry

from tenantry.core.ids import parse_id
from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.resolvers import downloads, orders
from tenantry.schema.downloads.types import (
    Download,
    DownloadInfo,
    DownloadPage,
    GQLInfo,
    ProductFile,
)
from tenantry.schema.pagination import PageInfo


@strawberry.type
class Query:
    @strawberry.field(description="The member's downloads, newest first.")
    async def my_downloads(
        self, info: GQLInfo, page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> DownloadPage:
        context = info.context
        request = PageRequest.parse(page, per_page)
        found = await downloads.list_my_downloads(context.session, ctx=context.ctx, page=request)
        return DownloadPage(
            items=[Download.from_download(item) for item in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field(description="The downloads of one of the member's orders.")
    async def order_downloads(self, info: GQLInfo, number: str) -> list[Download]:
        context = info.context
        found = await orders.list_order_downloads(context.session, ctx=context.ctx, number=number)
        return [Download.from_download(item) for item in found]

    @strawberry.field(description="A download link's file and what remains of it; no login.")
    async def download_info(self, info: GQLInfo, token: str) -> DownloadInfo:
        context = info.context
        found = await downloads.get_download(context.session, ctx=context.ctx, token=token)
        return DownloadInfo.from_download(found)

    @strawberry.field(description="Staff: the files of a digital product.")
    async def product_files(self, info: GQLInfo, product_id: strawberry.ID) -> list[ProductFile]:
        context = info.context
        found = await downloads.list_product_files(
            context.session, ctx=context.ctx, product_id=parse_id(product_id, "product")
        )
        return [ProductFile.from_model(row) for row in found]
