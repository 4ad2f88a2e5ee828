"""Download grants: one per file of every digital or subscription item of a paid order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.models.catalog import DOWNLOADABLE_TYPES, ProductFile
from tenantry.models.download import DownloadGrant
from tenantry.models.order import Order, OrderItem, OrderStatus
from tenantry.resolvers.downloads.tokens import grant_token, token_hash

# A grant is usable only while its order stands paid; cancelling or refunding revokes it.
PAID_STATUSES = frozenset(
    {OrderStatus.PAID, OrderStatus.PROCESSING, OrderStatus.SHIPPED, OrderStatus.COMPLETED}
)
SETTINGS_KEY = "downloads"
DEFAULT_EXPIRES_DAYS = 30
DEFAULT_MAX_DOWNLOADS = 5


@dataclass(frozen=True)
class DownloadPolicy:
    expires_days: int | None  # None: links never expire
    max_downloads: int | None  # None: no limit


def _setting(raw: dict[str, Any], name: str, default: int) -> int | None:
    if name not in raw:
        return default
    value = raw[name]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return default
    return value


def policy_of(ctx: Ctx) -> DownloadPolicy:
    """The tenant's settings["downloads"]: expires_days (30) and max_downloads (5); null in
    either lifts that limit."""
    raw = ctx.tenant.settings.get(SETTINGS_KEY)
    raw = raw if isinstance(raw, dict) else {}
    return DownloadPolicy(
        expires_days=_setting(raw, "expires_days", DEFAULT_EXPIRES_DAYS),
        max_downloads=_setting(raw, "max_downloads", DEFAULT_MAX_DOWNLOADS),
    )


async def grant_downloads(session: AsyncSession, *, ctx: Ctx, order: Order) -> list[DownloadGrant]:
    """Grants what the order bought and returns every grant of the order. Called again, it adds
    only grants for files attached since; an unpaid order gets none."""
    if OrderStatus(order.status) not in PAID_STATUSES:
        return []
    assert order.id is not None
    items = list(
        await session.scalars(
            select(OrderItem)
            .where(
                col(OrderItem.order_id) == order.id,
                col(OrderItem.product_type).in_(DOWNLOADABLE_TYPES),
                col(OrderItem.product_id).is_not(None),
            )
            .order_by(col(OrderItem.id))
        )
    )
    files: dict[int, list[ProductFile]] = {}
    if items:
        rows = await session.scalars(
            select(ProductFile)
            .where(col(ProductFile.product_id).in_({item.product_id for item in items}))
            .order_by(col(ProductFile.id))
        )
        for row in rows:
            files.setdefault(row.product_id, []).append(row)
    granted = await grants_of_order(session, order_id=order.id)
    have = {(grant.order_item_id, grant.product_file_id) for grant in granted}
    policy = policy_of(ctx)
    now = ctx.now()
    expires_at = now + timedelta(days=policy.expires_days) if policy.expires_days else None
    for item in items:
        assert item.id is not None
        assert item.product_id is not None
        for file in files.get(item.product_id, []):
            assert file.id is not None
            if (item.id, file.id) in have:
                continue
            token = grant_token(ctx, order_item_id=item.id, product_file_id=file.id)
            session.add(
                DownloadGrant(
                    order_id=order.id,
                    order_item_id=item.id,
                    member_id=order.member_id,
                    product_file_id=file.id,
                    token_hash=token_hash(token),
                    expires_at=expires_at,
                    max_downloads=policy.max_downloads,
                    created_at=now,
                )
            )
    await session.flush()
    return await grants_of_order(session, order_id=order.id)


async def grants_of_order(session: AsyncSession, *, order_id: int) -> list[DownloadGrant]:
    rows = await session.scalars(
        select(DownloadGrant)
        .where(col(DownloadGrant.order_id) == order_id)
        .order_by(col(DownloadGrant.id))
    )
    return list(rows)
