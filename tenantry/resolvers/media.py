"""Uploaded media: files the edge has already streamed into storage, described by rows.

Members see and delete their own uploads; staff (any role) and secret keys see and delete all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.config import Settings
from tenantry.core.access import reads_as_staff, require_signed_in
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.db.unit_of_work import on_commit
from tenantry.models.media import Media
from tenantry.storage import safe_filename, storage_for, tenant_path

AREA = "media"
MAX_FOLDER_LENGTH = 200
_FOLDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:/[A-Za-z0-9][A-Za-z0-9_-]*)*")

# The stored name's extension follows the verified type, never the client's filename.
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "text/csv": ".csv",
    "application/zip": ".zip",
    "video/mp4": ".mp4",
    "audio/mpeg": ".mp3",
}


@dataclass(frozen=True)
class MediaIn:
    """A file already in storage (at a path from media_path), described by the upload."""

    path: str
    original_name: str
    content_type: str
    size: int
    folder: str | None = None


def require_uploader(ctx: Ctx) -> None:
    """A member, staff or a secret key; a publishable key alone names no one."""
    require_signed_in(ctx)


def clean_folder(value: str | None) -> str:
    """Letters, digits, dashes and underscores, in segments joined by '/'; '' is the root."""
    folder = (value or "").strip().strip("/")
    if not folder:
        return ""
    if len(folder) > MAX_FOLDER_LENGTH:
        raise ValidationFailed.single(
            "folder", f"The folder field must not be greater than {MAX_FOLDER_LENGTH} characters."
        )
    if not _FOLDER.fullmatch(folder):
        raise ValidationFailed.single("folder", "The folder field format is invalid.")
    return folder


def media_path(ctx: Ctx, content_type: str) -> str:
    """A fresh storage path for an upload of this tenant; the folder is only a row attribute."""
    return tenant_path(ctx.tenant.id, AREA, "upload" + EXTENSIONS.get(content_type, ""))


def is_media_path(path: str) -> bool:
    tenant, _, rest = path.partition("/")
    area, _, name = rest.partition("/")
    return tenant[:1] == "t" and tenant[1:].isdigit() and area == AREA and bool(name)


def media_url(settings: Settings, media: Media) -> str:
    return f"{settings.public_url.rstrip('/')}/media/{media.storage_path}"


async def create_media(session: AsyncSession, *, ctx: Ctx, data: MediaIn) -> Media:
    require_uploader(ctx)
    if not data.path.startswith(f"t{ctx.tenant.id}/{AREA}/"):
        raise ValueError(f"not a media path of this tenant: {data.path!r}")
    principal = ctx.principal
    media = Media(
        folder=clean_folder(data.folder),
        filename=data.path.rsplit("/", 1)[1],
        original_name=safe_filename(data.original_name, "file"),
        content_type=data.content_type,
        size=data.size,
        storage_path=data.path,
        member_id=principal.member_id if principal.is_member else None,
        staff_id=principal.staff_id if principal.is_staff else None,
        created_at=ctx.now(),
    )
    session.add(media)
    await session.flush()
    return media


async def list_media(
    session: AsyncSession, *, ctx: Ctx, folder: str | None, page: PageRequest
) -> Page[Media]:
    """Newest first; folder matches exactly ('' or None: every folder)."""
    require_uploader(ctx)
    query: Select[Any] = select(Media)
    if not reads_as_staff(ctx.principal):
        query = query.where(col(Media.member_id) == ctx.principal.member_id)
    if folder:
        query = query.where(col(Media.folder) == clean_folder(folder))
    query = query.order_by(col(Media.created_at).desc(), col(Media.id).desc())
    return await paginate(session, query, page)


async def delete_media(session: AsyncSession, *, ctx: Ctx, media_id: int) -> None:
    """The row now; the stored file once the deletion has committed."""
    require_uploader(ctx)
    media = await session.scalar(select(Media).where(col(Media.id) == media_id))
    if media is None:
        raise NotFound("media", "Media not found.")
    if not reads_as_staff(ctx.principal) and media.member_id != ctx.principal.member_id:
        raise NotFound("media", "Media not found.")
    path = media.storage_path
    await session.delete(media)
    await session.flush()
    storage = storage_for(ctx.settings)

    async def remove() -> None:
        await storage.delete(path)

    on_commit(session, remove)


async def media_by_ids(session: AsyncSession, ids: Iterable[int]) -> dict[int, Media]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await session.scalars(select(Media).where(col(Media.id).in_(wanted)))
    return {media.id: media for media in rows if media.id is not None}
