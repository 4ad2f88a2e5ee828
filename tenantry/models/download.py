from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from tenantry.models.base import TenantOwned, created_at_field, datetime_field


class DownloadGrant(TenantOwned, table=True):
    """The right to download one file of a paid digital order item, by token link."""

    __tablename__ = "download_grant"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", ondelete="CASCADE", index=True)
    order_item_id: int = Field(foreign_key="order_item.id", ondelete="CASCADE")
    member_id: int | None = Field(
        default=None, foreign_key="member.id", ondelete="CASCADE", index=True
    )
    product_file_id: int = Field(foreign_key="product_file.id", ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime | None = datetime_field()
    max_downloads: int | None = Field(default=None)
    download_count: int = Field(default=0)
    last_downloaded_at: datetime | None = datetime_field()
    created_at: datetime = created_at_field()
