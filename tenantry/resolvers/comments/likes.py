"""Likes: one per member and comment, toggled; like_count moves only with a like row actually
inserted or deleted, so it always equals the number of likes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import CursorResult, delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import proves_no_one
from tenantry.core.context import Ctx
from tenantry.core.errors import Unauthenticated
from tenantry.models.community import Comment, CommentLike
from tenantry.resolvers.comments.writes import visible_comment


@dataclass(frozen=True)
class LikeState:
    comment_id: int
    liked: bool
    like_count: int


async def toggle_comment_like(session: AsyncSession, *, ctx: Ctx, comment_id: int) -> LikeState:
    principal = ctx.principal
    if proves_no_one(principal) or not principal.is_member or principal.member_id is None:
        raise Unauthenticated("Only members can like comments.")
    member_id = principal.member_id
    await visible_comment(session, ctx=ctx, comment_id=comment_id)
    removed = await session.execute(
        delete(CommentLike)
        .where(col(CommentLike.comment_id) == comment_id, col(CommentLike.member_id) == member_id)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(removed, CursorResult)
    change, liked = -1, False
    if removed.rowcount == 0:
        change, liked = 1, True
        try:
            async with session.begin_nested():
                session.add(CommentLike(comment_id=comment_id, member_id=member_id))
        except IntegrityError:
            # The member's concurrent request liked first: the like stands, counted once.
            change = 0
    if change:
        count = await session.scalar(
            update(Comment)
            .where(col(Comment.id) == comment_id)
            .values(like_count=col(Comment.like_count) + change, updated_at=col(Comment.updated_at))
            .returning(col(Comment.like_count))
            .execution_options(synchronize_session=False)
        )
    else:
        count = await session.scalar(
            select(Comment.like_count).where(col(Comment.id) == comment_id)
        )
    return LikeState(comment_id=comment_id, liked=liked, like_count=count or 0)
