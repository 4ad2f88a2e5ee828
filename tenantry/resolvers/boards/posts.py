"""Board posts: read as the board allows, written by members (staff for notices), edited or
deleted by their author or staff. Another member's post looks like a missing one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select

from tenantry.core.access import require_signed_in
from tenantry.core.context import Ctx
from tenantry.core.errors import Forbidden, NotFound, ValidationFailed
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.community import Board, BoardPost, BoardType, CommentTarget
from tenantry.resolvers.boards.access import (
    allows,
    is_author,
    is_moderator,
    require_moderator,
    require_reader,
    write_audience,
)
from tenantry.resolvers.boards.boards import get_board
from tenantry.resolvers.boards.inputs import BoardPostIn, BoardPostUpdate
from tenantry.resolvers.comment_cleanup import delete_comments_of

NOT_QNA = "Only posts on a Q&A board can be marked answered."


@dataclass(frozen=True)
class PostFilters:
    search: str | None = None  # in title and content


async def list_board_posts(
    session: AsyncSession, *, ctx: Ctx, board_slug: str, filters: PostFilters, page: PageRequest
) -> Page[BoardPost]:
    """Pinned posts first, then newest. Three statements (the board, a count, the page)."""
    board = await get_board(session, ctx=ctx, slug=board_slug)
    query: Select[Any] = select(BoardPost).where(col(BoardPost.board_id) == board.id)
    if not is_moderator(ctx.principal):
        query = query.where(col(BoardPost.is_hidden).is_(False))
    terms = (filters.search or "").strip()
    if terms:
        query = query.where(
            col(BoardPost.title).icontains(terms, autoescape=True)
            | col(BoardPost.content).icontains(terms, autoescape=True)
        )
    query = query.order_by(
        col(BoardPost.is_pinned).desc(), col(BoardPost.created_at).desc(), col(BoardPost.id).desc()
    )
    return await paginate(session, query, page)


async def readable_post(
    session: AsyncSession, *, ctx: Ctx, post_id: int
) -> tuple[BoardPost, Board]:
    """The post and its board, if the caller may read them."""
    found = (
        await session.execute(
            select(BoardPost, Board)
            .join(Board, col(Board.id) == col(BoardPost.board_id))
            .where(col(BoardPost.id) == post_id)
        )
    ).first()
    if found is None:
        raise NotFound("post")
    post, board = found
    try:
        require_reader(board, ctx)
    except NotFound:
        raise NotFound("post") from None
    if post.is_hidden and not is_moderator(ctx.principal):
        raise NotFound("post")
    return post, board


async def get_board_post(session: AsyncSession, *, ctx: Ctx, post_id: int) -> BoardPost:
    """A readable post, counting the view."""
    post, _ = await readable_post(session, ctx=ctx, post_id=post_id)
    views = await session.scalar(
        update(BoardPost)
        .where(col(BoardPost.id) == post.id)
        .values(view_count=col(BoardPost.view_count) + 1, updated_at=col(BoardPost.updated_at))
        .returning(col(BoardPost.view_count))
        .execution_options(synchronize_session=False)
    )
    # Not an attribute change: a later flush must not write this value back over other views.
    set_committed_value(post, "view_count", views)
    return post


async def create_board_post(session: AsyncSession, *, ctx: Ctx, data: BoardPostIn) -> BoardPost:
    require_signed_in(ctx)
    board = await session.scalar(select(Board).where(col(Board.id) == data.board_id))
    try:
        if board is None:
            raise NotFound("board")
        require_reader(board, ctx)
    except NotFound:
        raise ValidationFailed.single("board_id", "The selected board id is invalid.") from None
    principal = ctx.principal
    if not allows(write_audience(board), principal):
        raise Forbidden()
    if data.is_pinned and not is_moderator(principal):
        raise Forbidden()
    post = BoardPost(
        board_id=data.board_id,
        member_id=principal.member_id if principal.is_member else None,
        staff_id=principal.staff_id if principal.is_staff else None,
        title=data.title,
        content=data.content,
        is_pinned=data.is_pinned,
    )
    session.add(post)
    await session.flush()
    return post


async def update_board_post(
    session: AsyncSession, *, ctx: Ctx, post_id: int, data: BoardPostUpdate
) -> BoardPost:
    post, board = await _editable(session, ctx, post_id)
    if (data.is_pinned is not None or data.is_answered is not None) and not is_moderator(
        ctx.principal
    ):
        raise Forbidden()
    if data.title is not None:
        post.title = data.title
    if data.content is not None:
        post.content = data.content
    if data.is_pinned is not None:
        post.is_pinned = data.is_pinned
    if data.is_answered is not None:
        _check_answerable(board)
        post.is_answered = data.is_answered
    await session.flush()
    return post


async def delete_board_post(session: AsyncSession, *, ctx: Ctx, post_id: int) -> None:
    """Its comments go with it: no foreign key names the post they belong to."""
    post, _ = await _editable(session, ctx, post_id)
    await delete_comments_of(session, target_type=CommentTarget.BOARD_POST, target_ids=[post_id])
    await session.delete(post)
    await session.flush()


async def pin_board_post(
    session: AsyncSession, *, ctx: Ctx, post_id: int, pinned: bool = True
) -> BoardPost:
    require_moderator(ctx)
    post, _ = await readable_post(session, ctx=ctx, post_id=post_id)
    post.is_pinned = pinned
    await session.flush()
    return post


async def mark_board_post_answered(
    session: AsyncSession, *, ctx: Ctx, post_id: int, answered: bool = True
) -> BoardPost:
    require_moderator(ctx)
    post, board = await readable_post(session, ctx=ctx, post_id=post_id)
    _check_answerable(board)
    post.is_answered = answered
    await session.flush()
    return post


def _check_answerable(board: Board) -> None:
    if board.type != BoardType.QNA:
        raise ValidationFailed.single("is_answered", NOT_QNA)


async def _editable(session: AsyncSession, ctx: Ctx, post_id: int) -> tuple[BoardPost, Board]:
    """The author's or, for staff, any post; anyone else's is not found."""
    require_signed_in(ctx)
    post, board = await readable_post(session, ctx=ctx, post_id=post_id)
    if is_moderator(ctx.principal):
        return post, board
    if not is_author(ctx, member_id=post.member_id, staff_id=post.staff_id):
        raise NotFound("post")
    return post, board
