"""What a comment hangs on, whether the caller may see it, and who may comment there."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.models.blog import BlogPost
from tenantry.models.community import Audience, Comment, CommentTarget
from tenantry.resolvers.blog.queries import is_visible
from tenantry.resolvers.boards import is_moderator, readable_post
from tenantry.resolvers.comments.inputs import TargetRef

MAX_PAGE_SLUG = 200


@dataclass(frozen=True)
class Target:
    type: CommentTarget
    target_id: int | None
    page_slug: str | None
    audience: Audience  # who may comment here

    def clause(self) -> ColumnElement[bool]:
        if self.type is CommentTarget.PAGE:
            same = col(Comment.page_slug) == self.page_slug
        else:
            same = col(Comment.target_id) == self.target_id
        return (col(Comment.target_type) == self.type) & same

    def holds(self, comment: Comment) -> bool:
        if comment.target_type != self.type:
            return False
        if self.type is CommentTarget.PAGE:
            return comment.page_slug == self.page_slug
        return comment.target_id == self.target_id


def guest_audience(ctx: Ctx) -> Audience:
    """Blog posts and pages take comments from members, and from named guests when the
    tenant's settings say comments.guests."""
    comments = ctx.tenant.settings.get("comments")
    guests = isinstance(comments, dict) and comments.get("guests") is True
    return Audience.PUBLIC if guests else Audience.MEMBERS


async def open_target(session: AsyncSession, *, ctx: Ctx, ref: TargetRef) -> Target:
    named = [value for value in (ref.blog_slug, ref.post_id, ref.page_slug) if value is not None]
    if len(named) != 1:
        raise ValidationFailed.single(
            "target", "Name exactly one of a blog post slug, a board post id or a page slug."
        )
    if ref.blog_slug is not None:
        post = await session.scalar(select(BlogPost).where(col(BlogPost.slug) == ref.blog_slug))
        return _blog_target(ctx, post)
    if ref.post_id is not None:
        return await _board_target(session, ctx, ref.post_id)
    assert ref.page_slug is not None
    return page_target(ctx, ref.page_slug)


async def target_of(session: AsyncSession, *, ctx: Ctx, comment: Comment) -> Target:
    """The comment's target, if the caller may still see it."""
    if comment.target_type == CommentTarget.PAGE:
        return page_target(ctx, comment.page_slug or "")
    if comment.target_id is None:
        raise NotFound("comment")
    try:
        if comment.target_type == CommentTarget.BLOG_POST:
            post = await session.scalar(
                select(BlogPost).where(col(BlogPost.id) == comment.target_id)
            )
            return _blog_target(ctx, post)
        return await _board_target(session, ctx, comment.target_id)
    except NotFound:
        raise NotFound("comment") from None


def page_target(ctx: Ctx, slug: str) -> Target:
    if not slug or len(slug) > MAX_PAGE_SLUG:
        raise ValidationFailed.single(
            "page_slug", f"The page slug must be between 1 and {MAX_PAGE_SLUG} characters."
        )
    return Target(CommentTarget.PAGE, None, slug, guest_audience(ctx))


def _blog_target(ctx: Ctx, post: BlogPost | None) -> Target:
    if post is None or not (is_moderator(ctx.principal) or is_visible(post, ctx.now())):
        raise NotFound("post")
    return Target(CommentTarget.BLOG_POST, post.id, None, guest_audience(ctx))


async def _board_target(session: AsyncSession, ctx: Ctx, post_id: int) -> Target:
    post, board = await readable_post(session, ctx=ctx, post_id=post_id)
    return Target(CommentTarget.BOARD_POST, post.id, None, Audience(board.comment_access))
