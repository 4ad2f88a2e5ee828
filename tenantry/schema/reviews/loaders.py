"""Review relations, batched per operation: authors and the viewer's helpful votes."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from tenantry.models.member import Member
from tenantry.resolvers import reviews
from tenantry.schema.context import GraphQLContext
from tenantry.schema.dataloaders import batch_loader, forget

MEMBERS = "reviews_member_by_id"
HELPFUL = "reviews_helpful_by_review_id"


def member_by_id(context: GraphQLContext) -> DataLoader[int, Member | None]:
    return batch_loader(context, MEMBERS, reviews.members_by_ids, None)


def helpful_by_review_id(context: GraphQLContext) -> DataLoader[int, bool]:
    """Whether the signed-in member has marked each review helpful."""
    member_id = reviews.viewer_member_id(context.ctx)

    async def fetch(session: AsyncSession, ids: list[int]) -> dict[int, bool]:
        found = await reviews.helpful_review_ids(session, member_id=member_id, review_ids=ids)
        return dict.fromkeys(found, True)

    return batch_loader(context, HELPFUL, fetch, False)


def written(context: GraphQLContext) -> None:
    forget(context, HELPFUL)
