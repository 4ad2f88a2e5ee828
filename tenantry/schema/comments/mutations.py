"""Comment writes: as the target allows; edits and deletes by the author or staff."""

from __future__ import annotations

import strawberry

from tenantry.core.ids import parse_id
from tenantry.core.inputs import parse_input
from tenantry.resolvers import comments
from tenantry.schema.boards.types import GQLInfo
from tenantry.schema.comments import loaders
from tenantry.schema.comments.inputs import (
    CommentTargetInput,
    CreateCommentInput,
    UpdateCommentInput,
)
from tenantry.schema.comments.types import Comment, CommentLikeState


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_comment(
        self, info: GQLInfo, target: CommentTargetInput, input: CreateCommentInput
    ) -> Comment:
        context = info.context
        data = parse_input(
            comments.CommentIn,
            {
                "content": input.content,
                "parent_id": input.parent_id or None,
                "author_name": input.author_name,
            },
        )
        comment = await comments.create_comment(
            context.session, ctx=context.ctx, ref=target.ref(), data=data
        )
        loaders.forget(context)
        return Comment.from_model(comment, [])

    @strawberry.mutation(description="The author or staff.")
    async def update_comment(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateCommentInput
    ) -> Comment:
        context = info.context
        data = parse_input(comments.CommentUpdate, {"content": input.content})
        comment = await comments.update_comment(
            context.session, ctx=context.ctx, comment_id=parse_id(id, "comment"), data=data
        )
        loaders.forget(context)
        return Comment.from_model(comment)

    @strawberry.mutation(
        description="The author or staff. A comment with replies stays as a placeholder "
        "(returned, isDeleted); any other is removed (null)."
    )
    async def delete_comment(self, info: GQLInfo, id: strawberry.ID) -> Comment | None:
        context = info.context
        kept = await comments.delete_comment(
            context.session, ctx=context.ctx, comment_id=parse_id(id, "comment")
        )
        loaders.forget(context)
        return Comment.from_model(kept) if kept else None

    @strawberry.mutation(description="Members only: likes, or takes the like back.")
    async def toggle_comment_like(self, info: GQLInfo, id: strawberry.ID) -> CommentLikeState:
        context = info.context
        state = await comments.toggle_comment_like(
            context.session, ctx=context.ctx, comment_id=parse_id(id, "comment")
        )
        loaders.forget(context)
        return CommentLikeState(
            comment_id=strawberry.ID(str(state.comment_id)),
            liked=state.liked,
            like_count=state.like_count,
        )
