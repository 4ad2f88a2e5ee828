"""A member drives the wishlist resolvers as an edge does: one transaction per call."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import col, select

from tenantry.models.wishlist import WishlistItem
from tenantry.serving.services import Services
from tests.conftest import TenantFixture

T = TypeVar("T")


async def items_of(services: Services, tenant: TenantFixture, member_id: int) -> list[WishlistItem]:
    async with services.db.unit(tenant.id) as uow:
        rows = await uow.session.scalars(
            select(WishlistItem)
            .where(col(WishlistItem.member_id) == member_id)
            .order_by(col(WishlistItem.id))
        )
        return list(rows)
