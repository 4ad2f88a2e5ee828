"""How REST answers write what every area shares: times and dialect A's page `meta`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar, overload

from tenantry.core.pagination import Page, PageRequest

T = TypeVar("T")


@overload
def iso(moment: datetime) -> str: ...
@overload
def iso(moment: None) -> None: ...
@overload
def iso(moment: datetime | None) -> str | None: ...
def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, as every REST dialect writes times."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def page_meta(page: Page[Any]) -> dict[str, int]:
    """Dialect A's list `meta`, which some lists extend with keys of their own."""
    return {
        "current_page": page.page,
        "last_page": page.last_page,
        "per_page": page.per_page,
        "total": page.total,
    }


def whole_list_meta(count: int) -> dict[str, int]:
    """The `meta` of a small list answered whole: one page holding every item (decision 160)."""
    return {"current_page": 1, "last_page": 1, "per_page": count, "total": count}


def page_of(items: Sequence[T], request: PageRequest) -> Page[T]:
    """One page of a list the resolver already loaded whole (decision 161)."""
    start = request.offset
    return Page(
        items=list(items[start : start + request.per_page]),
        page=request.page,
        per_page=request.per_page,
        total=len(items),
    )
