"""Reading grants: the member's downloads, one order's, and one by its token."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_member
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.catalog import Product, ProductFile
from tenantry.models.download import DownloadGrant
from tenantry.models.order import Order
from tenantry.resolvers.catalog import products_by_ids
from tenantry.resolvers.downloads.grants import PAID_STATUSES
from tenantry.resolvers.downloads.tokens import (
    MAX_TOKEN_LENGTH,
    download_url,
    grant_token,
    token_hash,
)


@dataclass(frozen=True)
class Download:
    grant: DownloadGrant
    file: ProductFile
    product: Product
    order_number: str
    token: str
    url: str

    @property
    def remaining(self) -> int | None:
        limit = self.grant.max_downloads
        return None if limit is None else max(0, limit - self.grant.download_count)

    def is_expired(self, now: datetime) -> bool:
        expires_at = self.grant.expires_at
        return expires_at is not None and expires_at <= now


def _standing(query: Select[Any]) -> Select[Any]:
    """Only grants whose order is still paid: a cancelled or refunded order's are revoked."""
    return query.join(Order, col(Order.id) == col(DownloadGrant.order_id)).where(
        col(Order.status).in_(sorted(PAID_STATUSES))
    )


async def downloads_of(
    session: AsyncSession, *, ctx: Ctx, grants: Sequence[DownloadGrant]
) -> list[Download]:
    """Grants with their files, products and order numbers: three statements for any number."""
    if not grants:
        return []
    file_ids = sorted({grant.product_file_id for grant in grants})
    files = {
        row.id: row
        for row in await session.scalars(
            select(ProductFile).where(col(ProductFile.id).in_(file_ids))
        )
    }
    products = await products_by_ids(session, (row.product_id for row in files.values()))
    order_ids = sorted({grant.order_id for grant in grants})
    rows = await session.execute(select(Order.id, Order.number).where(col(Order.id).in_(order_ids)))
    numbers: dict[int, str] = dict(rows.all())
    found = []
    for grant in grants:
        file = files.get(grant.product_file_id)
        product = products.get(file.product_id) if file is not None else None
        if file is None or product is None:
            continue
        token = grant_token(
            ctx, order_item_id=grant.order_item_id, product_file_id=grant.product_file_id
        )
        found.append(
            Download(
                grant=grant,
                file=file,
                product=product,
                order_number=numbers.get(grant.order_id, ""),
                token=token,
                url=download_url(ctx, token),
            )
        )
    return found


async def list_my_downloads(
    session: AsyncSession, *, ctx: Ctx, page: PageRequest
) -> Page[Download]:
    """The member's grants, newest first, expired and used-up ones included."""
    member_id = require_member(ctx)
    query = _standing(select(DownloadGrant)).where(col(DownloadGrant.member_id) == member_id)
    found = await paginate(session, query.order_by(col(DownloadGrant.id).desc()), page)
    items = await downloads_of(session, ctx=ctx, grants=found.items)
    return Page(items=items, page=found.page, per_page=found.per_page, total=found.total)


async def downloads_of_order(session: AsyncSession, *, ctx: Ctx, order_id: int) -> list[Download]:
    """The grants of an order the caller has already been shown (orders checks who may)."""
    grants = await session.scalars(
        _standing(select(DownloadGrant))
        .where(col(DownloadGrant.order_id) == order_id)
        .order_by(col(DownloadGrant.id))
    )
    return await downloads_of(session, ctx=ctx, grants=list(grants))


async def get_download(session: AsyncSession, *, ctx: Ctx, token: str) -> Download:
    """A grant by its token, with no other credential: the link is the capability."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise NotFound("download")
    grant = await session.scalar(
        _standing(select(DownloadGrant)).where(col(DownloadGrant.token_hash) == token_hash(token))
    )
    if grant is None:
        raise NotFound("download")
    found = await downloads_of(session, ctx=ctx, grants=[grant])
    if not found:
        raise NotFound("download")
    return found[0]
