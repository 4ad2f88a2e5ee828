"""Board writes: posts by members (as each board allows), moderation and boards by staff."""

from __future__ import annotations

from typing import Any

import strawberry

from tenantry.core.ids import parse_id
from tenantry.core.inputs import parse_input
from tenantry.resolvers import boards
from tenantry.schema.boards import loaders
from tenantry.schema.boards.inputs import (
    CreateBoardInput,
    CreateBoardPostInput,
    UpdateBoardInput,
    UpdateBoardPostInput,
)
from tenantry.schema.boards.types import Board, BoardPost, GQLInfo
from tenantry.schema.inputs import input_data


def given(value: object) -> dict[str, Any]:
    """The fields sent with a value; null means "leave as it is" here."""
    return {name: item for name, item in input_data(value).items() if item is not None}


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Staff only.")
    async def create_board(self, info: GQLInfo, input: CreateBoardInput) -> Board:
        context = info.context
        data = parse_input(boards.BoardIn, given(input))
        board = await boards.create_board(context.session, ctx=context.ctx, data=data)
        loaders.forget(context)
        return Board.from_model(board)

    @strawberry.mutation(description="Staff only.")
    async def update_board(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateBoardInput
    ) -> Board:
        context = info.context
        data = parse_input(boards.BoardUpdate, given(input))
        board = await boards.update_board(
            context.session, ctx=context.ctx, board_id=parse_id(id, "board"), data=data
        )
        loaders.forget(context)
        return Board.from_model(board)

    @strawberry.mutation(description="Staff only; its posts and their comments go with it.")
    async def delete_board(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await boards.delete_board(context.session, ctx=context.ctx, board_id=parse_id(id, "board"))
        loaders.forget(context)
        return True

    @strawberry.mutation(description="Notice boards take posts from staff only.")
    async def create_board_post(self, info: GQLInfo, input: CreateBoardPostInput) -> BoardPost:
        context = info.context
        data = parse_input(boards.BoardPostIn, given(input))
        post = await boards.create_board_post(context.session, ctx=context.ctx, data=data)
        return BoardPost.from_model(post)

    @strawberry.mutation(description="The author or staff.")
    async def update_board_post(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateBoardPostInput
    ) -> BoardPost:
        context = info.context
        data = parse_input(boards.BoardPostUpdate, given(input))
        post = await boards.update_board_post(
            context.session, ctx=context.ctx, post_id=parse_id(id, "post"), data=data
        )
        return BoardPost.from_model(post)

    @strawberry.mutation(description="The author or staff; the post's comments go with it.")
    async def delete_board_post(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await boards.delete_board_post(
            context.session, ctx=context.ctx, post_id=parse_id(id, "post")
        )
        return True

    @strawberry.mutation(description="Staff only.")
    async def pin_board_post(
        self, info: GQLInfo, id: strawberry.ID, pinned: bool = True
    ) -> BoardPost:
        context = info.context
        post = await boards.pin_board_post(
            context.session, ctx=context.ctx, post_id=parse_id(id, "post"), pinned=pinned
        )
        return BoardPost.from_model(post)

    @strawberry.mutation(description="Staff only, on Q&A boards.")
    async def mark_board_post_answered(
        self, info: GQLInfo, id: strawberry.ID, answered: bool = True
    ) -> BoardPost:
        context = info.context
        post = await boards.mark_board_post_answered(
            context.session, ctx=context.ctx, post_id=parse_id(id, "post"), answered=answered
        )
        return BoardPost.from_model(post)
