"""The files of digital products, kept in storage under server-chosen, tenant-prefixed paths."""

from __future__ import annotations

import re

from pydantic import Field, field_validator
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.core.inputs import Input, parse_input
from tenantry.db.unit_of_work import on_commit
from tenantry.models.catalog import DOWNLOADABLE_TYPES, ProductFile
from tenantry.resolvers.catalog import get_product_by_id
from tenantry.storage import safe_filename, storage_for, tenant_path

MAX_FILE_BYTES = 100 * 1024 * 1024
AREA = "product-files"
_CONTENT_TYPE = re.compile(r"[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*")


class ProductFileIn(Input):
    filename: str = Field(min_length=1, max_length=300)
    content_type: str = Field(default="application/octet-stream", max_length=200)

    @field_validator("content_type")
    @classmethod
    def _content_type(cls, value: str) -> str:
        if not _CONTENT_TYPE.fullmatch(value):
            raise ValueError("must be a valid MIME type")
        return value.lower()


async def attach_product_file(
    session: AsyncSession,
    *,
    ctx: Ctx,
    product_id: int,
    filename: str,
    content: bytes,
    content_type: str,
) -> ProductFile:
    """Staff: stores content as a file of a digital (or subscription) product."""
    require_admin(ctx)
    data = parse_input(ProductFileIn, {"filename": filename, "content_type": content_type})
    product = await get_product_by_id(session, ctx=ctx, product_id=product_id)
    if product.type not in DOWNLOADABLE_TYPES:
        raise ValidationFailed.single(
            "product_id", "Files can only be attached to digital or subscription products."
        )
    if not content:
        raise ValidationFailed.single("content", "The content field must not be empty.")
    if len(content) > MAX_FILE_BYTES:
        raise ValidationFailed.single(
            "content", f"The content must not be greater than {MAX_FILE_BYTES} bytes."
        )
    storage = storage_for(ctx.settings)
    path = await storage.save(tenant_path(ctx.tenant.id, AREA, data.filename), content)
    assert product.id is not None
    row = ProductFile(
        product_id=product.id,
        filename=safe_filename(data.filename),
        storage_path=path,
        content_type=data.content_type,
        size=len(content),
        created_at=ctx.now(),
    )
    session.add(row)
    try:
        await session.flush()
    except Exception:
        await storage.delete(path)
        raise
    return row


async def list_product_files(
    session: AsyncSession, *, ctx: Ctx, product_id: int
) -> list[ProductFile]:
    require_admin(ctx)
    product = await get_product_by_id(session, ctx=ctx, product_id=product_id)
    rows = await session.scalars(
        select(ProductFile)
        .where(col(ProductFile.product_id) == product.id)
        .order_by(col(ProductFile.id))
    )
    return list(rows)


async def delete_product_file(session: AsyncSession, *, ctx: Ctx, file_id: int) -> None:
    """Staff: removes the file and, with it, the download grants for it. The stored bytes go
    once the deletion has committed."""
    require_admin(ctx)
    row = await session.get(ProductFile, file_id)
    if row is None:
        raise NotFound("file")
    path = row.storage_path
    await session.delete(row)
    await session.flush()
    storage = storage_for(ctx.settings)

    async def remove() -> None:
        await storage.delete(path)

    on_commit(session, remove)
