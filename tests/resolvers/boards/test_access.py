from __future__ import annotations

import pytest

from tenantry.auth.principal import ANONYMOUS, Principal, PrincipalKind
from tenantry.core.errors import DomainError, Forbidden, NotFound, Unauthenticated
from tenantry.models.community import Audience, Board, BoardType
from tenantry.models.tenant import ApiKeyKind, StaffRole
from tenantry.resolvers import boards
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.support import make_ctx, staff_principal

MEMBER = Principal(kind=PrincipalKind.MEMBER, member_id=1)
ADMIN = staff_principal(1)
AGENT = staff_principal(2, StaffRole.AGENT)
PUBLISHABLE = Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.PUBLISHABLE)
SECRET = Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.SECRET)


@pytest.mark.parametrize(
    ("audience", "principal", "expected"),
    [
        (Audience.PUBLIC, ANONYMOUS, True),
        (Audience.MEMBERS, ANONYMOUS, False),
        (Audience.MEMBERS, PUBLISHABLE, False),
        (Audience.MEMBERS, MEMBER, True),
        (Audience.MEMBERS, AGENT, False),
        (Audience.MEMBERS, ADMIN, True),
        (Audience.STAFF, MEMBER, False),
        (Audience.STAFF, ADMIN, True),
        (Audience.STAFF, SECRET, True),
    ],
)
def test_allows(audience: Audience, principal: Principal, expected: bool) -> None:
    assert boards.allows(audience, principal) is expected


@pytest.mark.parametrize(
    ("type_", "write", "expected"),
    [
        (BoardType.NOTICE, Audience.MEMBERS, Audience.STAFF),
        (BoardType.FREE, Audience.PUBLIC, Audience.MEMBERS),
        (BoardType.QNA, Audience.STAFF, Audience.STAFF),
        (BoardType.GALLERY, Audience.MEMBERS, Audience.MEMBERS),
    ],
)
def test_write_audience(type_: BoardType, write: Audience, expected: Audience) -> None:
    assert (
        boards.access.write_audience(Board(slug="b", name="B", type=type_, write_access=write))
        == expected
    )


@pytest.mark.parametrize(
    ("read", "principal", "error"),
    [
        (Audience.PUBLIC, ANONYMOUS, None),
        (Audience.MEMBERS, ANONYMOUS, Unauthenticated),
        (Audience.MEMBERS, PUBLISHABLE, Unauthenticated),
        (Audience.MEMBERS, MEMBER, None),
        (Audience.MEMBERS, AGENT, NotFound),
        (Audience.STAFF, ANONYMOUS, NotFound),
        (Audience.STAFF, MEMBER, NotFound),
        (Audience.STAFF, ADMIN, None),
    ],
)
async def test_require_reader(
    services: Services,
    factory: Factory,
    read: Audience,
    principal: Principal,
    error: type[DomainError] | None,
) -> None:
    # given
    tenant = await factory.tenant()
    board = Board(slug="b", name="B", read_access=read)
    ctx = make_ctx(services, tenant, principal)

    # when / then
    if error is None:
        boards.require_reader(board, ctx)
    else:
        with pytest.raises(error):
            boards.require_reader(board, ctx)


@pytest.mark.parametrize(
    ("principal", "error"),
    [(ANONYMOUS, Unauthenticated), (MEMBER, Forbidden), (AGENT, Forbidden), (ADMIN, None)],
)
async def test_require_moderator(
    services: Services, factory: Factory, principal: Principal, error: type[DomainError] | None
) -> None:
    # given
    tenant = await factory.tenant()
    ctx = make_ctx(services, tenant, principal)

    # when / then
    if error is None:
        boards.require_moderator(ctx)
    else:
        with pytest.raises(error):
            boards.require_moderator(ctx)
