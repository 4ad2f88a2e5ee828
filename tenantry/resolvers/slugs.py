"""Slugs: generated from titles (any script's letters kept), unique per tenant.

Shared by every domain whose rows carry a slug: blog, catalog, courses, boards, entities, ….
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.errors import ValidationFailed

MAX_SLUG_LENGTH = 200
_BASE_LENGTH = MAX_SLUG_LENGTH - 10  # room for a "-123" suffix
_HYPHENS = re.compile(r"-{2,}")
TAKEN = "The slug has already been taken."


def _is_slug_char(char: str) -> bool:
    # Letters, marks and digits of every script: Hangul, kana, Devanagari vowel signs, …
    return unicodedata.category(char)[0] in "LMN"


def slugify(text: str, *, fallback: str = "post") -> str:
    normalized = unicodedata.normalize("NFKC", text).lower()
    slug = "".join(char if _is_slug_char(char) else "-" for char in normalized)
    slug = _HYPHENS.sub("-", slug).strip("-")[:_BASE_LENGTH].rstrip("-")
    return slug or fallback


def validate_slug(slug: str, *, reserved: frozenset[str] = frozenset()) -> str:
    """An explicit slug as given; lowercase letters of any script, digits and single hyphens."""
    slug = unicodedata.normalize("NFKC", slug.strip())
    if len(slug) > MAX_SLUG_LENGTH:
        raise ValidationFailed.single(
            "slug", f"The slug field must not be greater than {MAX_SLUG_LENGTH} characters."
        )
    well_formed = all(_is_slug_char(char) or char == "-" for char in slug) and (
        slug and not slug.startswith("-") and not slug.endswith("-") and "--" not in slug
    )
    if slug != slug.lower() or not well_formed:
        raise ValidationFailed.single(
            "slug", "The slug field must only contain lowercase letters, numbers, and hyphens."
        )
    if slug in reserved:
        raise ValidationFailed.single("slug", TAKEN)
    return slug


async def unique_slug(
    session: AsyncSession,
    model: Any,
    base: str,
    *,
    exclude_id: int | None = None,
    reserved: frozenset[str] = frozenset(),
) -> str:
    """base, or base-2, base-3, … whichever the tenant does not use yet (one query)."""
    query = select(model.slug).where(
        (col(model.slug) == base) | col(model.slug).startswith(f"{base}-", autoescape=True)
    )
    if exclude_id is not None:
        query = query.where(col(model.id) != exclude_id)
    taken = set((await session.scalars(query)).all()) | reserved
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


async def ensure_free(
    session: AsyncSession, model: Any, slug: str, *, exclude_id: int | None = None
) -> None:
    query = select(model.id).where(col(model.slug) == slug)
    if exclude_id is not None:
        query = query.where(col(model.id) != exclude_id)
    if await session.scalar(query) is not None:
        raise ValidationFailed.single("slug", TAKEN)


async def new_slug(
    session: AsyncSession,
    model: Any,
    explicit: str | None,
    text: str,
    *,
    fallback: str = "post",
    reserved: frozenset[str] = frozenset(),
    max_length: int | None = None,
) -> str:
    """A new row's slug: the explicit one, checked and free, or one made unique from text.

    max_length cuts the slug made from text before it is made unique.
    """
    if explicit:
        slug = validate_slug(explicit, reserved=reserved)
        await ensure_free(session, model, slug)
        return slug
    base = slugify(text, fallback=fallback)[:max_length]
    return await unique_slug(session, model, base, reserved=reserved)


async def changed_slug(
    session: AsyncSession,
    model: Any,
    slug: str,
    *,
    exclude_id: int | None,
    reserved: frozenset[str] = frozenset(),
) -> str:
    """The slug a row is renamed to, checked and free among the other rows."""
    slug = validate_slug(slug, reserved=reserved)
    await ensure_free(session, model, slug, exclude_id=exclude_id)
    return slug


async def flush_unique(session: AsyncSession, *, field: str = "slug", message: str = TAKEN) -> None:
    """Two writers racing for one value: the database's unique key decides, as a 422.

    Only a violation that names field becomes a ValidationFailed on it; others propagate.
    """
    try:
        await session.flush()
    except IntegrityError as exc:
        if field not in str(exc.orig):
            raise
        raise ValidationFailed.single(field, message) from None
