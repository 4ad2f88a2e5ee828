"""Community rows for tests: boards and posts inserted directly, comments written through the
comment resolvers (so counts move as they do in the app), members with one precomputed hash."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import SQLModel

from tenantry.auth.passwords import hash_password
from tenantry.core.context import Ctx
from tenantry.models.community import Audience, Board, BoardPost, BoardType, Comment
from tenantry.models.member import Member
from tenantry.models.tenant import StaffRole
from tenantry.resolvers import comments
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.support import add, make_ctx, member_ctx, member_token, run, staff_principal, staff_token

T = TypeVar("T")
M = TypeVar("M", bound=SQLModel)
_HASH: dict[str, str] = {}


async def board(
    services: Services,
    tenant: TenantFixture,
    name: str = "Free",
    *,
    type: BoardType = BoardType.FREE,
    read: Audience = Audience.PUBLIC,
    write: Audience = Audience.MEMBERS,
    comment: Audience = Audience.MEMBERS,
    **fields: Any,
) -> Board:
    row = Board(
        slug=f"{name.lower().replace(' ', '-')}-{secrets.token_hex(3)}",
        name=name,
        type=type,
        read_access=read,
        write_access=write,
        comment_access=comment,
        **fields,
    )
    await add(services, tenant, row)
    return row


async def post(
    services: Services,
    tenant: TenantFixture,
    on: Board,
    *,
    member_id: int | None = None,
    staff_id: int | None = None,
    title: str = "Hello",
    content: str = "Some words.",
    **fields: Any,
) -> BoardPost:
    assert on.id is not None
    row = BoardPost(
        board_id=on.id, member_id=member_id, staff_id=staff_id, title=title, content=content
    )
    for name, value in fields.items():
        setattr(row, name, value)
    await add(services, tenant, row)
    return row


async def members(services: Services, tenant: TenantFixture, *names: str) -> list[int]:
    """Members inserted with one precomputed hash: Argon2 per member would take seconds."""
    if "hash" not in _HASH:
        _HASH["hash"] = await hash_password("correct-horse-42")
    rows = [
        Member(
            email=f"m-{secrets.token_hex(5)}@example.com", name=name, password_hash=_HASH["hash"]
        )
        for name in names
    ]
    await add(services, tenant, *rows)
    return [row.id for row in rows if row.id is not None]


@dataclass(frozen=True)
class Person:
    id: int
    token: str
    ctx: Ctx

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def member(services: Services, tenant: TenantFixture, name: str = "Mina") -> Person:
    [member_id] = await members(services, tenant, name)
    token = await member_token(services, tenant, member_id)
    return Person(member_id, token, member_ctx(services, tenant, member_id))


async def admin(
    services: Services, factory: Factory, tenant: TenantFixture, role: StaffRole = StaffRole.ADMIN
) -> Person:
    staff_id, _ = await factory.staff(tenant, role=role)
    token = await staff_token(services, tenant, staff_id)
    return Person(staff_id, token, make_ctx(services, tenant, staff_principal(staff_id, role)))


async def comment(
    services: Services,
    tenant: TenantFixture,
    by: Ctx,
    ref: comments.TargetRef,
    content: str = "Nice.",
    **fields: Any,
) -> Comment:
    data = comments.CommentIn.model_validate({"content": content, **fields})
    return await run(
        services, tenant, lambda s: comments.create_comment(s, ctx=by, ref=ref, data=data)
    )


async def reload(
    services: Services, tenant: TenantFixture, model: type[M], row_id: Any
) -> M | None:
    async with services.db.unit(tenant.id) as uow:
        return await uow.session.get(model, row_id)
