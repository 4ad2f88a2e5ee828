"""Who wrote a post or a comment: a member, a staff member or a named guest, loaded in batches."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.ids import distinct_ids
from tenantry.models.member import Member
from tenantry.models.tenant import Staff
from tenantry.resolvers.authors import authors_by_ids


class AuthorType(StrEnum):
    MEMBER = "member"
    STAFF = "staff"
    GUEST = "guest"


@dataclass(frozen=True)
class Author:
    id: int | None
    name: str
    type: AuthorType


class Authored(Protocol):
    @property
    def member_id(self) -> int | None: ...

    @property
    def staff_id(self) -> int | None: ...


async def members_by_ids(session: AsyncSession, ids: Iterable[int | None]) -> dict[int, Member]:
    wanted = distinct_ids(ids)
    if not wanted:
        return {}
    rows = await session.scalars(select(Member).where(col(Member.id).in_(wanted)))
    return {member.id: member for member in rows if member.id is not None}


async def staff_by_ids(session: AsyncSession, ids: Iterable[int | None]) -> dict[int, Staff]:
    return await authors_by_ids(session, ids)


def author_of(
    row: Authored,
    member: Member | None,
    staff: Staff | None,
    guest_name: str = "",
) -> Author | None:
    """None when the author's account is gone (or a secret key wrote without a name)."""
    if row.member_id is not None:
        return Author(member.id, member.name, AuthorType.MEMBER) if member else None
    if row.staff_id is not None:
        return Author(staff.id, staff.name, AuthorType.STAFF) if staff else None
    if guest_name:
        return Author(None, guest_name, AuthorType.GUEST)
    return None


@dataclass(frozen=True)
class Authors:
    members: dict[int, Member] = field(default_factory=dict)
    staff: dict[int, Staff] = field(default_factory=dict)

    def of(self, row: Authored, guest_name: str = "") -> Author | None:
        member = self.members.get(row.member_id) if row.member_id is not None else None
        staff = self.staff.get(row.staff_id) if row.staff_id is not None else None
        return author_of(row, member, staff, guest_name)


async def load_authors(session: AsyncSession, rows: Sequence[Authored]) -> Authors:
    """At most two statements, whatever the number of rows."""
    return Authors(
        members=await members_by_ids(session, (row.member_id for row in rows)),
        staff=await staff_by_ids(session, (row.staff_id for row in rows)),
    )
