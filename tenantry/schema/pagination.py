from __future__ import annotations

from typing import Any

import strawberry

from tenantry.core.pagination import Page


@strawberry.type
class PageInfo:
    page: int
    per_page: int
    total: int
    last_page: int
    has_next_page: bool

    @classmethod
    def from_page(cls, page: Page[Any]) -> PageInfo:
        return cls(
            page=page.page,
            per_page=page.per_page,
            total=page.total,
            last_page=page.last_page,
            has_next_page=page.has_next_page,
        )
