"""Feedback from the shop's visitors, limited per client address; staff read it."""

from __future__ import annotations

import json
import time
from typing import Any

from limits import RateLimitItemPerMinute
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx, TenantInfo
from tenantry.core.errors import Forbidden, RateLimited, Unauthenticated
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.shop_posts import Feedback
from tenantry.resolvers.shop_posts.inputs import FeedbackIn

DEFAULT_PER_IP = 5
WINDOW_MINUTES = 10

# One limiter per storage URL for the process: the moving window must be shared by every
# request (and, with Redis, by every instance) to hold under concurrency.
_limiters: dict[str, MovingWindowRateLimiter] = {}


def _limiter(storage_url: str) -> MovingWindowRateLimiter:
    if storage_url not in _limiters:
        storage = storage_from_string(f"async+{storage_url}")
        assert isinstance(storage, Storage)
        _limiters[storage_url] = MovingWindowRateLimiter(storage)
    return _limiters[storage_url]


def per_ip_limit(tenant: TenantInfo) -> int:
    section = tenant.settings.get("feedback")
    limit = section.get("per_ip") if isinstance(section, dict) else None
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        return limit
    return DEFAULT_PER_IP


def structured(content: str) -> dict[str, Any] | None:
    """content as an object when it is JSON text of one (staff see it as a table)."""
    try:
        parsed = json.loads(content)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


async def create_feedback(session: AsyncSession, *, ctx: Ctx, data: FeedbackIn) -> Feedback:
    """Counts against the client's window only once the input is valid."""
    limit = per_ip_limit(ctx.tenant)
    item = RateLimitItemPerMinute(limit, WINDOW_MINUTES)
    client = ctx.client_ip or "unknown"
    limiter = _limiter(ctx.settings.rate_limit_storage_url)
    if not await limiter.hit(item, "shop_feedback", str(ctx.tenant.id), client):
        stats = await limiter.get_window_stats(item, "shop_feedback", str(ctx.tenant.id), client)
        retry_after = max(1, int(stats.reset_time - time.time()))
        raise RateLimited(retry_after, "Too many feedback submissions.")
    feedback = Feedback(
        name=data.name, email=str(data.email), content=data.content, ip=ctx.client_ip
    )
    session.add(feedback)
    await session.flush()
    return feedback


async def list_feedbacks(session: AsyncSession, *, ctx: Ctx, page: PageRequest) -> Page[Feedback]:
    """Newest first, for staff and secret keys."""
    principal = ctx.principal
    if not (principal.is_staff or principal.is_secret_key):
        if principal.is_member or principal.key_id is not None:
            raise Forbidden()
        raise Unauthenticated()
    query = select(Feedback).order_by(col(Feedback.created_at).desc(), col(Feedback.id).desc())
    return await paginate(session, query, page)
