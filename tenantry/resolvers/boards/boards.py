"""Boards: readable lists for everyone, writes for staff."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.models.community import Board, BoardPost, CommentTarget
from tenantry.resolvers.boards.access import audiences_of, require_moderator, require_reader
from tenantry.resolvers.boards.inputs import BoardIn, BoardUpdate
from tenantry.resolvers.comment_cleanup import delete_comments_of
from tenantry.resolvers.rows import row_by_id
from tenantry.resolvers.slugs import changed_slug, flush_unique, new_slug


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
    slug = await new_slug(session, Board, data.slug, data.name, fallback="board", max_length=90)
    board = Board(slug=slug, **data.model_dump(exclude={"slug"}))
    session.add(board)
    await flush_unique(session)
    return board


async def update_board(
    session: AsyncSession, *, ctx: Ctx, board_id: int, data: BoardUpdate
) -> Board:
    require_moderator(ctx)
    board = await row_by_id(session, Board, board_id, "board")
    if data.slug and data.slug != board.slug:
        board.slug = await changed_slug(session, Board, data.slug, exclude_id=board.id)
    for name, value in data.model_dump(exclude={"slug"}, exclude_none=True).items():
        setattr(board, name, value)
    await flush_unique(session)
    return board


async def delete_board(session: AsyncSession, *, ctx: Ctx, board_id: int) -> None:
    """Its posts go with it (foreign key), and so do their comments (no key names them)."""
    require_moderator(ctx)
    board = await row_by_id(session, Board, board_id, "board")
    posts = select(BoardPost.id).where(col(BoardPost.board_id) == board_id)
    await delete_comments_of(session, target_type=CommentTarget.BOARD_POST, target_ids=posts)
    await session.delete(board)
    await session.flush()
