"""The FAQ the auto-responder answers from, maintained by staff."""

from __future__ import annotations

from pydantic import Field, field_validator
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin, require_staff
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.core.inputs import Input, not_blank
from tenantry.models.agents import FaqEntry

MAX_KEYWORDS = 50


def _keywords(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    cleaned = (keyword.strip().lower() for keyword in value)
    return list(dict.fromkeys(keyword for keyword in cleaned if keyword))


class FaqEntryIn(Input):
    question: str = Field(min_length=1, max_length=500)
    answer: str = Field(min_length=1, max_length=10_000)
    keywords: list[str] = Field(default_factory=list, max_length=MAX_KEYWORDS)
    position: int = Field(default=0, ge=-1_000_000, le=1_000_000)
    is_active: bool = True

    _text = field_validator("question", "answer", mode="before")(not_blank)
    _clean = field_validator("keywords")(_keywords)


class FaqEntryUpdate(Input):
    question: str | None = Field(default=None, min_length=1, max_length=500)
    answer: str | None = Field(default=None, min_length=1, max_length=10_000)
    keywords: list[str] | None = Field(default=None, max_length=MAX_KEYWORDS)
    position: int | None = Field(default=None, ge=-1_000_000, le=1_000_000)
    is_active: bool | None = None

    _text = field_validator("question", "answer", mode="before")(not_blank)
    _clean = field_validator("keywords")(_keywords)


async def list_faq_entries(session: AsyncSession, *, ctx: Ctx) -> list[FaqEntry]:
    """Every entry, active or not, in answer order."""
    require_staff(ctx)
    rows = await session.scalars(
        select(FaqEntry).order_by(col(FaqEntry.position), col(FaqEntry.id))
    )
    return list(rows.all())


async def create_faq_entry(session: AsyncSession, *, ctx: Ctx, data: FaqEntryIn) -> FaqEntry:
    require_admin(ctx)
    entry = FaqEntry(**data.model_dump())
    session.add(entry)
    await session.flush()
    return entry


async def update_faq_entry(
    session: AsyncSession, *, ctx: Ctx, entry_id: int, data: FaqEntryUpdate
) -> FaqEntry:
    require_admin(ctx)
    entry = await _entry(session, entry_id)
    for name, value in data.model_dump(exclude_none=True).items():
        setattr(entry, name, value)
    await session.flush()
    return entry


async def delete_faq_entry(session: AsyncSession, *, ctx: Ctx, entry_id: int) -> None:
    require_admin(ctx)
    await session.delete(await _entry(session, entry_id))
    await session.flush()


async def _entry(session: AsyncSession, entry_id: int) -> FaqEntry:
    entry = await session.scalar(select(FaqEntry).where(col(FaqEntry.id) == entry_id))
    if entry is None:
        raise NotFound("FAQ entry")
    return entry
