"""Boards: readable lists for everyone, writes for staff."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.models.community import Board, BoardPost, CommentTarget
from tenantry.resolvers.blog.slugs import TAKEN, ensure_free, slugify, unique_slug, validate_slug
from tenantry.resolvers.boards.access import audiences_of, require_moderator, require_reader
from tenantry.resolvers.boards.inputs import BoardIn, BoardUpdate
from tenantry.resolvers.comments.cleanup import delete_comments_of
from tenantry.resolvers.context import Ctx
from tenantry.resolvers.errors import NotFound, ValidationFailed


async def list_boards(session: AsyncSession, *, ctx: Ctx) -> list[Board]:
    """Active boards the caller may read, in their set order. One statement."""
    rows = await session.scalars(
        select(Board)
        .where(
            col(Board.is_active).is_(True),
            col(Board.read_access).in_(audiences_of(ctx.principal)),
        )
        .order_by(col(Board.position), col(Board.id))
    )
    return list(rows.all())


async def get_board(session: AsyncSession, *, ctx: Ctx, slug: str) -> Board:
    board = await session.scalar(select(Board).where(col(Board.slug) == slug))
    if board is None:
        raise NotFound("board")
    require_reader(board, ctx)
    return board


async def boards_by_ids(session: AsyncSession, ids: Iterable[int | None]) -> dict[int, Board]:
    wanted = sorted({value for value in ids if value is not None})
    if not wanted:
        return {}
    rows = await session.scalars(select(Board).where(col(Board.id).in_(wanted)))
    return {board.id: board for board in rows if board.id is not None}


async def create_board(session: AsyncSession, *, ctx: Ctx, data: BoardIn) -> Board:
    require_moderator(ctx)
    if data.slug:
        slug = validate_slug(data.slug)
        await ensure_free(session, Board, slug)
    else:
        slug = await unique_slug(session, Board, slugify(data.name, fallback="board")[:90])
    board = Board(slug=slug, **data.model_dump(exclude={"slug"}))
    session.add(board)
    await _flush_unique(session)
    return board


async def update_board(
    session: AsyncSession, *, ctx: Ctx, board_id: int, data: BoardUpdate
) -> Board:
    require_moderator(ctx)
    board = await _board(session, board_id)
    if data.slug and data.slug != board.slug:
        slug = validate_slug(data.slug)
        await ensure_free(session, Board, slug, exclude_id=board.id)
        board.slug = slug
    for name, value in data.model_dump(exclude={"slug"}, exclude_none=True).items():
        setattr(board, name, value)
    await _flush_unique(session)
    return board


async def delete_board(session: AsyncSession, *, ctx: Ctx, board_id: int) -> None:
    """Its posts go with it (foreign key), and so do their comments (no key names them)."""
    require_moderator(ctx)
    board = await _board(session, board_id)
    posts = select(BoardPost.id).where(col(BoardPost.board_id) == board_id)
    await delete_comments_of(session, target_type=CommentTarget.BOARD_POST, target_ids=posts)
    await session.delete(board)
    await session.flush()


async def _board(session: AsyncSession, board_id: int) -> Board:
    board = await session.scalar(select(Board).where(col(Board.id) == board_id))
    if board is None:
        raise NotFound("board")
    return board


async def _flush_unique(session: AsyncSession) -> None:
    """Two writers racing for one slug: the database's unique key decides, as a 422."""
    try:
        await session.flush()
    except IntegrityError as exc:
        if "slug" not in str(exc.orig):
            raise
        raise ValidationFailed.single("slug", TAKEN) from None
