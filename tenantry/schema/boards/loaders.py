"""Per-operation DataLoaders for boards and for the authors of posts and comments."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from tenantry.models.community import Board
from tenantry.models.member import Member
from tenantry.models.tenant import Staff
from tenantry.resolvers import boards
from tenantry.schema import dataloaders
from tenantry.schema.context import GraphQLContext
from tenantry.schema.dataloaders import batch_loader

NAMES = ("community_board_by_id", "community_member_by_id", "community_staff_by_id")


def forget(context: GraphQLContext) -> None:
    dataloaders.forget(context, *NAMES)


def board_by_id(context: GraphQLContext) -> DataLoader[int, Board | None]:
    return batch_loader(context, "community_board_by_id", boards.boards_by_ids, None)


def member_by_id(context: GraphQLContext) -> DataLoader[int, Member | None]:
    return batch_loader(context, "community_member_by_id", boards.members_by_ids, None)


def staff_by_id(context: GraphQLContext) -> DataLoader[int, Staff | None]:
    return batch_loader(context, "community_staff_by_id", boards.staff_by_ids, None)


async def author(
    context: GraphQLContext, row: boards.authors.Authored, guest_name: str = ""
) -> boards.Author | None:
    member = await member_by_id(context).load(row.member_id) if row.member_id else None
    staff = await staff_by_id(context).load(row.staff_id) if row.staff_id else None
    return boards.author_of(row, member, staff, guest_name)
