"""GraphQL inputs for boards, parsed by the resolvers' pydantic models."""

from __future__ import annotations

import strawberry

from tenantry.schema.boards.types import BoardAudience, BoardType


@strawberry.input
class CreateBoardInput:
    name: str
    slug: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    type: BoardType | None = strawberry.UNSET
    read_access: BoardAudience | None = strawberry.UNSET
    write_access: BoardAudience | None = strawberry.UNSET
    comment_access: BoardAudience | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET
    position: int | None = strawberry.UNSET


@strawberry.input(description="Only the fields given change.")
class UpdateBoardInput:
    name: str | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    type: BoardType | None = strawberry.UNSET
    read_access: BoardAudience | None = strawberry.UNSET
    write_access: BoardAudience | None = strawberry.UNSET
    comment_access: BoardAudience | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET
    position: int | None = strawberry.UNSET


@strawberry.input
class CreateBoardPostInput:
    board_id: strawberry.ID
    title: str
    content: str | None = strawberry.UNSET
    is_pinned: bool | None = strawberry.field(default=strawberry.UNSET, description="Staff only.")


@strawberry.input(
    description="Only the fields given change; pinning and answering have their own mutations."
)
class UpdateBoardPostInput:
    title: str | None = strawberry.UNSET
    content: str | None = strawberry.UNSET
