from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint, text
from sqlmodel import Field

from tenantry.models.base import TenantOwned, created_at_field, updated_at_field


class Cart(TenantOwned, table=True):
    """A member's cart (member_id) or a guest's (token from a cookie or X-Cart-Token)."""

    __table_args__ = (UniqueConstraint("tenant_id", "member_id"), UniqueConstraint("token"))

    id: int | None = Field(default=None, primary_key=True)
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="CASCADE")
    token: str | None = Field(default=None, max_length=64)
    coupon_code: str | None = Field(default=None, max_length=64)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class CartItem(TenantOwned, table=True):
    __tablename__ = "cart_item"
    __table_args__ = (
        UniqueConstraint("cart_id", "product_id", "variant_id"),
        # NULLs never collide in a unique constraint: lines without a variant need their own.
        Index(
            "uq_cart_item_without_variant",
            "cart_id",
            "product_id",
            unique=True,
            postgresql_where=text("variant_id IS NULL"),
            sqlite_where=text("variant_id IS NULL"),
        ),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    cart_id: int = Field(foreign_key="cart.id", ondelete="CASCADE", index=True)
    product_id: int = Field(foreign_key="product.id", ondelete="CASCADE", index=True)
    variant_id: int | None = Field(
        default=None, foreign_key="product_variant.id", ondelete="CASCADE"
    )
    quantity: int = Field(default=1)
    # The unit price when the item was added, to report price changes before checkout.
    unit_price: int = Field(default=0)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
