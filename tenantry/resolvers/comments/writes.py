"""Writing comments. Threads are one level deep: a reply to a reply joins its top-level parent.
A board post's comment_count moves with atomic UPDATEs and counts the comments still standing."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_signed_in
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.models.community import BoardPost, Comment, CommentTarget
from tenantry.resolvers.boards import is_author, is_moderator, require_audience
from tenantry.resolvers.comments.inputs import CommentIn, CommentUpdate, TargetRef
from tenantry.resolvers.comments.targets import Target, open_target, target_of

INVALID_PARENT = "The selected parent id is invalid."


async def create_comment(
    session: AsyncSession, *, ctx: Ctx, ref: TargetRef, data: CommentIn
) -> Comment:
    target = await open_target(session, ctx=ctx, ref=ref)
    require_audience(target.audience, ctx)
    principal = ctx.principal
    member_id = principal.member_id if principal.is_member else None
    staff_id = principal.staff_id if principal.is_staff else None
    guest = member_id is None and staff_id is None and not principal.is_secret_key
    author_name = data.author_name or ""
    if guest and not author_name:
        raise ValidationFailed.single("author_name", "The author name field is required.")
    comment = Comment(
        target_type=target.type,
        target_id=target.target_id,
        page_slug=target.page_slug,
        parent_id=await _thread_parent(session, target, data.parent_id),
        member_id=member_id,
        staff_id=staff_id,
        author_name="" if member_id or staff_id else author_name,
        content=data.content,
    )
    session.add(comment)
    await session.flush()
    await _count(session, target, 1)
    return comment


async def update_comment(
    session: AsyncSession, *, ctx: Ctx, comment_id: int, data: CommentUpdate
) -> Comment:
    comment, _ = await _editable(session, ctx, comment_id)
    comment.content = data.content
    await session.flush()
    return comment


async def delete_comment(session: AsyncSession, *, ctx: Ctx, comment_id: int) -> Comment | None:
    """A comment with replies stays as a placeholder (returned); any other is removed (None).
    A placeholder whose last reply goes is removed with it."""
    comment, target = await _editable(session, ctx, comment_id)
    await _count(session, target, -1)
    if await _has_replies(session, comment_id):
        comment.is_deleted = True
        comment.content = ""
        await session.flush()
        return comment
    parent_id = comment.parent_id
    await session.delete(comment)
    await session.flush()
    if parent_id is not None:
        parent = await session.scalar(select(Comment).where(col(Comment.id) == parent_id))
        if parent is not None and parent.is_deleted and not await _has_replies(session, parent_id):
            await session.delete(parent)
            await session.flush()
    return None


async def visible_comment(session: AsyncSession, *, ctx: Ctx, comment_id: int) -> Comment:
    """A standing comment on something the caller may see."""
    comment = await session.scalar(select(Comment).where(col(Comment.id) == comment_id))
    if comment is None or comment.is_deleted:
        raise NotFound("comment")
    await target_of(session, ctx=ctx, comment=comment)
    return comment


async def _editable(session: AsyncSession, ctx: Ctx, comment_id: int) -> tuple[Comment, Target]:
    """The author's own comment, or any for staff; anyone else's is not found. Guests cannot
    come back to their comments: only staff edit or delete those."""
    require_signed_in(ctx)
    comment = await session.scalar(select(Comment).where(col(Comment.id) == comment_id))
    if comment is None or comment.is_deleted:
        raise NotFound("comment")
    target = await target_of(session, ctx=ctx, comment=comment)
    if not is_moderator(ctx.principal) and not is_author(
        ctx, member_id=comment.member_id, staff_id=comment.staff_id
    ):
        raise NotFound("comment")
    return comment, target


async def _thread_parent(
    session: AsyncSession, target: Target, parent_id: int | None
) -> int | None:
    if parent_id is None:
        return None
    parent = await session.scalar(select(Comment).where(col(Comment.id) == parent_id))
    if parent is None or not target.holds(parent):
        raise ValidationFailed.single("parent_id", INVALID_PARENT)
    return parent.parent_id or parent.id


async def _has_replies(session: AsyncSession, comment_id: int) -> bool:
    found = await session.scalar(
        select(Comment.id).where(col(Comment.parent_id) == comment_id).limit(1)
    )
    return found is not None


async def _count(session: AsyncSession, target: Target, change: int) -> None:
    if target.type is not CommentTarget.BOARD_POST:
        return
    await session.execute(
        update(BoardPost)
        .where(col(BoardPost.id) == target.target_id)
        .values(
            comment_count=col(BoardPost.comment_count) + change,
            updated_at=col(BoardPost.updated_at),
        )
        .execution_options(synchronize_session=False)
    )
