"""Kept for existing imports: the slug helpers live in tenantry.resolvers.slugs."""

from __future__ import annotations

from tenantry.resolvers.slugs import (
    MAX_SLUG_LENGTH,
    TAKEN,
    ensure_free,
    slugify,
    unique_slug,
    validate_slug,
)

__all__ = ["MAX_SLUG_LENGTH", "TAKEN", "ensure_free", "slugify", "unique_slug", "validate_slug"]
