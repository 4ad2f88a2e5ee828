from __future__ import annotations

import strawberry

from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.resolvers import comments
from tenantry.schema.boards.types import GQLInfo
from tenantry.schema.comments.inputs import CommentTargetInput
from tenantry.schema.comments.types import Comment, CommentPage
from tenantry.schema.pagination import PageInfo


@strawberry.type
class Query:
    @strawberry.field(description="Top-level comments with their replies.")
    async def comments(
        self,
        info: GQLInfo,
        target: CommentTargetInput,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
    ) -> CommentPage:
        context = info.context
        thread = await comments.list_comments(
            context.session,
            ctx=context.ctx,
            ref=target.ref(),
            page=PageRequest.parse(page, per_page),
        )
        return CommentPage(
            items=[
                Comment.from_model(comment, thread.replies_of(comment))
                for comment in thread.page.items
            ],
            page_info=PageInfo.from_page(thread.page),
            comment_count=thread.comment_count,
        )
