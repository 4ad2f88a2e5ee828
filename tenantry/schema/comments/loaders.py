"""Per-operation DataLoaders for replies and the caller's likes."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from tenantry.models.community import Comment
from tenantry.resolvers import comments
from tenantry.schema import dataloaders
from tenantry.schema.context import GraphQLContext
from tenantry.schema.dataloaders import batch_loader

NAMES = ("comment_replies_by_parent_id", "comment_liked_by_viewer")


def forget(context: GraphQLContext) -> None:
    dataloaders.forget(context, *NAMES)


def replies_by_parent_id(context: GraphQLContext) -> DataLoader[int, list[Comment]]:
    return batch_loader(context, "comment_replies_by_parent_id", comments.replies_by_parent_ids, [])


def liked_by_viewer(context: GraphQLContext) -> DataLoader[int, bool]:
    member_id = comments.viewer_member_id(context.ctx)

    async def fetch(session: AsyncSession, ids: list[int]) -> dict[int, bool]:
        liked = await comments.liked_comment_ids(session, member_id=member_id, comment_ids=ids)
        return dict.fromkeys(liked, True)

    return batch_loader(context, "comment_liked_by_viewer", fetch, False)
