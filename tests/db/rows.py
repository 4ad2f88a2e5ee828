"""One row of every tenant-owned model, for tests that must cover them all."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

from tenantry import models as m

RowFactory = Callable[[AsyncSession, int], Awaitable[SQLModel]]
LATER = datetime.now(UTC) + timedelta(days=1)


def _token() -> str:
    return secrets.token_hex(8)


async def _add(session: AsyncSession, row: SQLModel) -> SQLModel:
    session.add(row)
    await session.flush()
    return row


async def _member(session: AsyncSession, tenant_id: int) -> m.Member:
    row = m.Member(tenant_id=tenant_id, email=f"{_token()}@example.com", password_hash="x")
    await _add(session, row)
    return row


async def _staff(session: AsyncSession, tenant_id: int) -> m.Staff:
    row = m.Staff(tenant_id=tenant_id, email=f"{_token()}@example.com", password_hash="x")
    await _add(session, row)
    return row


async def _post(session: AsyncSession, tenant_id: int) -> m.BlogPost:
    row = m.BlogPost(tenant_id=tenant_id, slug=_token(), title="Title")
    await _add(session, row)
    return row


async def _tag(session: AsyncSession, tenant_id: int) -> m.BlogTag:
    row = m.BlogTag(tenant_id=tenant_id, slug=_token(), name="Tag")
    await _add(session, row)
    return row


async def _post_tag(session: AsyncSession, tenant_id: int) -> SQLModel:
    post = await _post(session, tenant_id)
    tag = await _tag(session, tenant_id)
    assert post.id is not None
    assert tag.id is not None
    return await _add(session, m.BlogPostTag(tenant_id=tenant_id, post_id=post.id, tag_id=tag.id))


async def _password_reset(session: AsyncSession, tenant_id: int) -> SQLModel:
    member = await _member(session, tenant_id)
    assert member.id is not None
    row = m.PasswordReset(
        tenant_id=tenant_id, member_id=member.id, token_hash=_token(), expires_at=LATER
    )
    return await _add(session, row)


FACTORIES: dict[type[SQLModel], RowFactory] = {
    m.ApiKey: lambda s, t: _add(
        s, m.ApiKey(tenant_id=t, kind=m.ApiKeyKind.SECRET, prefix="sk_", key_hash=_token())
    ),
    m.BlogCategory: lambda s, t: _add(s, m.BlogCategory(tenant_id=t, slug=_token(), name="C")),
    m.BlogPost: _post,
    m.BlogPostTag: _post_tag,
    m.BlogTag: _tag,
    m.MailOutbox: lambda s, t: _add(
        s, m.MailOutbox(tenant_id=t, to_address="a@example.com", subject="S", body="B")
    ),
    m.Member: _member,
    m.PasswordReset: _password_reset,
    m.RefreshToken: lambda s, t: _add(
        s,
        m.RefreshToken(tenant_id=t, jti=_token(), family=_token(), subject_id=1, expires_at=LATER),
    ),
    m.RevokedAccessToken: lambda s, t: _add(
        s, m.RevokedAccessToken(tenant_id=t, jti=_token(), expires_at=LATER)
    ),
    m.Staff: _staff,
    m.TenantDomain: lambda s, t: _add(s, m.TenantDomain(tenant_id=t, host=f"{_token()}.test")),
}
