"""Taking a download: each one is counted by a conditional UPDATE, so that concurrent requests
can never exceed the grant's limit nor use an expired link."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CursorResult, or_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from tenantry.core.context import Ctx
from tenantry.core.errors import Forbidden, NotFound
from tenantry.models.download import DownloadGrant
from tenantry.resolvers.downloads.queries import Download, get_download
from tenantry.storage import storage_for


class DownloadExpired(Forbidden):
    default_code = "download_expired"
    default_message = "This download link has expired."


class DownloadLimitReached(Forbidden):
    default_code = "download_limit_reached"
    default_message = "The download limit of this link has been reached."


def check_available(download: Download, now: datetime) -> None:
    if download.is_expired(now):
        raise DownloadExpired()
    if download.remaining == 0:
        raise DownloadLimitReached()


async def start_download(session: AsyncSession, *, ctx: Ctx, token: str) -> Download:
    """Counts one download of the token's file and returns it, ready to stream."""
    download = await get_download(session, ctx=ctx, token=token)
    now = ctx.now()
    check_available(download, now)
    if not await storage_for(ctx.settings).exists(download.file.storage_path):
        raise NotFound("file")
    grant = download.grant
    result = await session.execute(
        update(DownloadGrant)
        .where(
            col(DownloadGrant.id) == grant.id,
            or_(
                col(DownloadGrant.max_downloads).is_(None),
                col(DownloadGrant.download_count) < col(DownloadGrant.max_downloads),
            ),
            or_(col(DownloadGrant.expires_at).is_(None), col(DownloadGrant.expires_at) > now),
        )
        .values(
            download_count=col(DownloadGrant.download_count) + 1,
            last_downloaded_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    await session.refresh(grant)
    if result.rowcount == 0:
        check_available(download, now)
        raise DownloadLimitReached()
    return download
