"""Comment object types: authors and likes through loaders; a page's replies come with it."""

from __future__ import annotations

from datetime import datetime

import strawberry

from tenantry.models import community as rows
from tenantry.schema.boards import loaders as board_loaders
from tenantry.schema.boards.types import AuthorRef, CommunityAuthor, GQLInfo
from tenantry.schema.comments import loaders
from tenantry.schema.pagination import PageInfo


@strawberry.type
class Comment:
    id: strawberry.ID
    content: str | None = strawberry.field(description="Null once deleted.")
    parent_id: strawberry.ID | None
    like_count: int
    is_deleted: bool
    created_at: datetime
    updated_at: datetime
    row_id: strawberry.Private[int]
    author_ref: strawberry.Private[AuthorRef]
    guest_name: strawberry.Private[str]
    known_replies: strawberry.Private[list[rows.Comment] | None] = None

    @classmethod
    def from_model(
        cls, comment: rows.Comment, replies: list[rows.Comment] | None = None
    ) -> Comment:
        assert comment.id is not None
        return cls(
            id=strawberry.ID(str(comment.id)),
            content=None if comment.is_deleted else comment.content,
            parent_id=strawberry.ID(str(comment.parent_id)) if comment.parent_id else None,
            like_count=comment.like_count,
            is_deleted=comment.is_deleted,
            created_at=comment.created_at,
            updated_at=comment.updated_at,
            row_id=comment.id,
            author_ref=AuthorRef(comment.member_id, comment.staff_id),
            guest_name=comment.author_name,
            known_replies=replies if comment.parent_id is None else [],
        )

    @strawberry.field(description="Null once deleted.")
    async def author(self, info: GQLInfo) -> CommunityAuthor | None:
        if self.is_deleted:
            return None
        found = await board_loaders.author(info.context, self.author_ref, self.guest_name)
        return CommunityAuthor.from_author(found)

    @strawberry.field(description="Whether the signed-in member likes it.")
    async def liked(self, info: GQLInfo) -> bool:
        return await loaders.liked_by_viewer(info.context).load(self.row_id)

    @strawberry.field(description="Oldest first; replies have none (threads are one level).")
    async def replies(self, info: GQLInfo) -> list[Comment]:
        found = self.known_replies
        if found is None:
            found = await loaders.replies_by_parent_id(info.context).load(self.row_id)
        return [Comment.from_model(reply) for reply in found]


@strawberry.type
class CommentPage:
    items: list[Comment] = strawberry.field(description="Top-level comments, oldest first.")
    page_info: PageInfo
    comment_count: int = strawberry.field(
        description="Comments still standing on the target, replies included."
    )


@strawberry.type
class CommentLikeState:
    comment_id: strawberry.ID
    liked: bool
    like_count: int
