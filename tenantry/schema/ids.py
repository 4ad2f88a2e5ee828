"""Row ids as GraphQL IDs."""

from __future__ import annotations

import strawberry


def graphql_id(value: int | None) -> strawberry.ID:
    """The ID of a row that has been written (its id is set)."""
    assert value is not None
    return strawberry.ID(str(value))


def optional_id(value: int | None) -> strawberry.ID | None:
    return None if value is None else strawberry.ID(str(value))
