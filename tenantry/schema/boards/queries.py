from __future__ import annotations

import strawberry

from tenantry.core.ids import parse_id
from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.resolvers import boards
from tenantry.schema.boards.types import Board, BoardPost, BoardPostPage, GQLInfo
from tenantry.schema.pagination import PageInfo


@strawberry.type
class Query:
    @strawberry.field(description="Active boards the caller may read.")
    async def boards(self, info: GQLInfo) -> list[Board]:
        context = info.context
        found = await boards.list_boards(context.session, ctx=context.ctx)
        return [Board.from_model(board) for board in found]

    @strawberry.field(
        description="A board the caller may read. Members-only boards ask anonymous callers "
        "to sign in (UNAUTHENTICATED); staff-only boards are NOT_FOUND to everyone else."
    )
    async def board(self, info: GQLInfo, slug: str) -> Board | None:
        context = info.context
        return Board.from_model(await boards.get_board(context.session, ctx=context.ctx, slug=slug))

    @strawberry.field(description="Pinned posts first, then newest; search in title and content.")
    async def board_posts(
        self,
        info: GQLInfo,
        board_slug: str,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
        search: str | None = None,
    ) -> BoardPostPage:
        context = info.context
        found = await boards.list_board_posts(
            context.session,
            ctx=context.ctx,
            board_slug=board_slug,
            filters=boards.PostFilters(search=search or None),
            page=PageRequest.parse(page, per_page),
        )
        return BoardPostPage(
            items=[BoardPost.from_model(post) for post in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field(description="A readable post; each read counts a view.")
    async def board_post(self, info: GQLInfo, id: strawberry.ID) -> BoardPost | None:
        context = info.context
        post = await boards.get_board_post(
            context.session, ctx=context.ctx, post_id=parse_id(id, "post")
        )
        return BoardPost.from_model(post)
