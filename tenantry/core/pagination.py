from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.errors import ValidationFailed

T = TypeVar("T")

DEFAULT_PER_PAGE = 15
MAX_PER_PAGE = 100
# Far past any real list, and small enough that its offset fits every database's integer.
MAX_PAGE = 2**31 - 1


@dataclass(frozen=True)
class PageRequest:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def parse(
        cls,
        page: str | int | None,
        per_page: str | int | None,
        *,
        default: int = DEFAULT_PER_PAGE,
        maximum: int = MAX_PER_PAGE,
    ) -> PageRequest:
        errors: dict[str, list[str]] = {}
        number = _int(page, 1, "page", errors)
        size = _int(per_page, default, "per_page", errors)
        if number < 1:
            errors.setdefault("page", []).append("The page field must be at least 1.")
        elif number > MAX_PAGE:
            errors.setdefault("page", []).append(
                f"The page field must not be greater than {MAX_PAGE}."
            )
        if not 1 <= size <= maximum:
            errors.setdefault("per_page", []).append(
                f"The per page field must be between 1 and {maximum}."
            )
        if errors:
            raise ValidationFailed(errors)
        return cls(number, size)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def _int(value: str | int | None, default: int, name: str, errors: dict[str, list[str]]) -> int:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        errors.setdefault(name, []).append(
            f"The {name.replace('_', ' ')} field must be an integer."
        )
        return default


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int

    @property
    def last_page(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next_page(self) -> bool:
        return self.page < self.last_page


async def paginate(session: AsyncSession, query: Select[Any], request: PageRequest) -> Page[Any]:
    """One page of query's first column and the total: one statement, the total counted by a
    window over the same rows; a second, plain count only for a page past the end."""
    if query._distinct or query._group_by_clauses:
        # A window counts rows before DISTINCT and cannot see GROUP BY's groups as rows.
        return await _paginate_with_count(session, query, request)
    counted = query.add_columns(func.count().over()).limit(request.per_page)
    rows = (await session.execute(counted.offset(request.offset))).all()
    if rows:
        total = rows[0][-1]
    elif request.page == 1:
        total = 0
    else:
        total = await _count(session, query)
    return Page(
        items=[row[0] for row in rows], page=request.page, per_page=request.per_page, total=total
    )


async def _paginate_with_count(
    session: AsyncSession, query: Select[Any], request: PageRequest
) -> Page[Any]:
    total = await _count(session, query)
    rows = await session.scalars(query.limit(request.per_page).offset(request.offset))
    return Page(items=list(rows.all()), page=request.page, per_page=request.per_page, total=total)


async def _count(session: AsyncSession, query: Select[Any]) -> int:
    total = await session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return total or 0
