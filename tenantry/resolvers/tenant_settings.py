"""A tenant's settings (shipping, tax, download limits, ...): the keys the code reads, changed
one key at a time. Running servers see a change within the tenant cache's lifetime."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.errors import ValidationFailed
from tenantry.resolvers.setting_shapes import SHAPES, check_setting
from tenantry.resolvers.tenants import get_tenant_by_slug

# Each key and the module that reads it (docs/operations.md describes their values).
KNOWN_KEYS: Final = frozenset(
    {
        "public",  # resolvers/site.py
        "shipping",  # resolvers/pricing.py
        "tax",  # resolvers/pricing.py
        "downloads",  # resolvers/downloads/grants.py
        "comments",  # resolvers/comments/targets.py
        "shop_posts",  # resolvers/shop_posts/access.py
        "feedback",  # resolvers/shop_posts/feedback.py
        "password_reset_url",  # resolvers/password_reset.py
        "rate_limit_per_hour",  # ratelimit.py
        "graphql",  # schema/limits.py
    }
)


assert set(SHAPES) == KNOWN_KEYS, "every known setting has a shape"


async def change_tenant_settings(
    session: AsyncSession,
    *,
    slug: str,
    values: Mapping[str, Any],
    remove: Sequence[str] = (),
) -> dict[str, Any]:
    """Sets values and removes keys (unknown keys are refused); the settings afterwards."""
    unknown = sorted({*values, *remove} - KNOWN_KEYS)
    if unknown:
        known = ", ".join(sorted(KNOWN_KEYS))
        raise ValidationFailed({key: [f"Unknown setting; known: {known}."] for key in unknown})
    for key, value in values.items():
        check_setting(key, value)
    both = sorted(set(values) & set(remove))
    if both:
        raise ValidationFailed({key: ["Set and removed at once."] for key in both})
    tenant = await get_tenant_by_slug(session, slug=slug)
    settings = {**(tenant.settings or {}), **values}
    for key in remove:
        settings.pop(key, None)
    tenant.settings = settings  # a new dict, so the change is flushed
    await session.flush()
    return settings
