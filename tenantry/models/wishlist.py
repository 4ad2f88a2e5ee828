"""Products a member keeps for later."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field

from tenantry.models.base import TenantOwned, created_at_field


class WishlistItem(TenantOwned, table=True):
    __tablename__ = "wishlist_item"
    __table_args__ = (
        UniqueConstraint("member_id", "product_id", "variant_id"),
        # NULLs never collide in a unique constraint: items without a variant need their own.
        Index(
            "uq_wishlist_item_without_variant",
            "member_id",
            "product_id",
            unique=True,
            postgresql_where=text("variant_id IS NULL"),
            sqlite_where=text("variant_id IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE", index=True)
    product_id: int = Field(foreign_key="product.id", ondelete="CASCADE", index=True)
    variant_id: int | None = Field(
        default=None, foreign_key="product_variant.id", ondelete="CASCADE"
    )
    note: str = Field(default="", max_length=1000)
    created_at: datetime = created_at_field()
