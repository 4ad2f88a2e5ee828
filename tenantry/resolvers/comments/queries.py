"""Reading threads: a page of top-level comments with every reply, in a fixed number of
statements whatever the page size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.ids import distinct_ids
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.community import Comment, CommentLike
from tenantry.resolvers.comments.inputs import TargetRef
from tenantry.resolvers.comments.targets import Target, open_target


@dataclass(frozen=True)
class Thread:
    """One page of top-level comments, their replies, and the target's live comment count."""

    page: Page[Comment]
    replies: dict[int, list[Comment]] = field(default_factory=dict)
    comment_count: int = 0

    def replies_of(self, comment: Comment) -> list[Comment]:
        return self.replies.get(comment.id, []) if comment.id is not None else []

    def every_comment(self) -> list[Comment]:
        found = list(self.page.items)
        for comment in self.page.items:
            found.extend(self.replies_of(comment))
        return found


async def list_comments(
    session: AsyncSession, *, ctx: Ctx, ref: TargetRef, page: PageRequest
) -> Thread:
    """Oldest first, as a conversation reads; replies oldest first under their parent."""
    target = await open_target(session, ctx=ctx, ref=ref)
    query = (
        select(Comment)
        .where(target.clause(), col(Comment.parent_id).is_(None))
        .order_by(col(Comment.created_at), col(Comment.id))
    )
    found: Page[Comment] = await paginate(session, query, page)
    return Thread(
        page=found,
        replies=await replies_by_parent_ids(session, (comment.id for comment in found.items)),
        comment_count=await count_comments(session, target),
    )


async def count_comments(session: AsyncSession, target: Target) -> int:
    """Comments still standing, replies included; deleted placeholders do not count."""
    total = await session.scalar(
        select(func.count(col(Comment.id))).where(
            target.clause(), col(Comment.is_deleted).is_(False)
        )
    )
    return total or 0


async def replies_by_parent_ids(
    session: AsyncSession, parent_ids: Iterable[int | None]
) -> dict[int, list[Comment]]:
    wanted = distinct_ids(parent_ids)
    found: dict[int, list[Comment]] = {parent_id: [] for parent_id in wanted}
    if not wanted:
        return found
    rows = await session.scalars(
        select(Comment)
        .where(col(Comment.parent_id).in_(wanted))
        .order_by(col(Comment.created_at), col(Comment.id))
    )
    for reply in rows:
        if reply.parent_id is not None:
            found[reply.parent_id].append(reply)
    return found


async def liked_comment_ids(
    session: AsyncSession, *, member_id: int | None, comment_ids: Iterable[int | None]
) -> set[int]:
    wanted = distinct_ids(comment_ids)
    if member_id is None or not wanted:
        return set()
    rows = await session.scalars(
        select(CommentLike.comment_id).where(
            col(CommentLike.member_id) == member_id, col(CommentLike.comment_id).in_(wanted)
        )
    )
    return set(rows.all())


def viewer_member_id(ctx: Ctx) -> int | None:
    principal = ctx.principal
    return principal.member_id if principal.is_member else None
