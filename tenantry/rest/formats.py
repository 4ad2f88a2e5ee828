"""How REST answers write what every area shares: times and dialect A's page `meta`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, overload

from tenantry.core.pagination import Page


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
