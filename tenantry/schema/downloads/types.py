from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from tenantry.models.catalog import ProductFile as ProductFileRow
from tenantry.resolvers import downloads
from tenantry.schema.catalog.types import Product
from tenantry.schema.context import GraphQLContext
from tenantry.schema.pagination import PageInfo

GQLInfo = Info[GraphQLContext, None]


@strawberry.type
class DownloadFile:
    filename: str
    size: int = strawberry.field(description="Bytes.")
    content_type: str


@strawberry.type
class Download:
    id: strawberry.ID
    token: str
    url: str = strawberry.field(
        description="The link that streams the file; it needs no bearer token."
    )
    order_number: str
    download_count: int
    max_downloads: int | None = strawberry.field(description="Null: no limit.")
    remaining: int | None
    expires_at: datetime | None
    created_at: datetime
    product: Product
    file: DownloadFile

    @classmethod
    def from_download(cls, download: downloads.Download) -> Download:
        grant, file = download.grant, download.file
        return cls(
            id=strawberry.ID(str(grant.id)),
            token=download.token,
            url=download.url,
            order_number=download.order_number,
            download_count=grant.download_count,
            max_downloads=grant.max_downloads,
            remaining=download.remaining,
            expires_at=grant.expires_at,
            created_at=grant.created_at,
            product=Product.from_model(download.product),
            file=DownloadFile(
                filename=file.filename, size=file.size, content_type=file.content_type
            ),
        )


@strawberry.type
class DownloadPage:
    items: list[Download]
    page_info: PageInfo


@strawberry.type
class DownloadInfo:
    filename: str
    size: int
    content_type: str
    download_count: int
    max_downloads: int | None
    remaining: int | None
    expires_at: datetime | None
    url: str

    @classmethod
    def from_download(cls, download: downloads.Download) -> DownloadInfo:
        grant, file = download.grant, download.file
        return cls(
            filename=file.filename,
            size=file.size,
            content_type=file.content_type,
            download_count=grant.download_count,
            max_downloads=grant.max_downloads,
            remaining=download.remaining,
            expires_at=grant.expires_at,
            url=download.url,
        )


@strawberry.type
class ProductFile:
    id: strawberry.ID
    product_id: strawberry.ID
    filename: str
    size: int
    content_type: str
    created_at: datetime

    @classmethod
    def from_model(cls, row: ProductFileRow) -> ProductFile:
        return cls(
            id=strawberry.ID(str(row.id)),
            product_id=strawberry.ID(str(row.product_id)),
            filename=row.filename,
            size=row.size,
            content_type=row.content_type,
            created_at=row.created_at,
        )
