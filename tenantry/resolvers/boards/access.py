"""Who may read, write and comment on a board, and who moderates.

Staff means owner/admin staff or a secret key throughout the community: they read every board,
edit or delete any post or comment, pin and answer.
"""

from __future__ import annotations

from tenantry.auth.principal import Principal
from tenantry.core.access import proves_no_one, require_signed_in
from tenantry.core.context import Ctx
from tenantry.core.errors import Forbidden, NotFound, Unauthenticated
from tenantry.models.community import Audience, Board, BoardType


def is_moderator(principal: Principal) -> bool:
    return principal.is_admin


def audiences_of(principal: Principal) -> tuple[Audience, ...]:
    if principal.is_admin:
        return (Audience.PUBLIC, Audience.MEMBERS, Audience.STAFF)
    if principal.is_member:
        return (Audience.PUBLIC, Audience.MEMBERS)
    return (Audience.PUBLIC,)


def allows(audience: Audience, principal: Principal) -> bool:
    return Audience(audience) in audiences_of(principal)


def write_audience(board: Board) -> Audience:
    """Posts always have an author, so a public board still takes posts only from members;
    notices are written by staff whatever the board says."""
    if board.type == BoardType.NOTICE:
        return Audience.STAFF
    if board.write_access == Audience.PUBLIC:
        return Audience.MEMBERS
    return Audience(board.write_access)


def require_reader(board: Board, ctx: Ctx) -> None:
    """A members-only board asks an anonymous caller to sign in (401); a staff-only or
    inactive board is not revealed to anyone else (404)."""
    principal = ctx.principal
    if not board.is_active and not is_moderator(principal):
        raise NotFound("board")
    if allows(board.read_access, principal):
        return
    if board.read_access == Audience.MEMBERS and proves_no_one(principal):
        raise Unauthenticated()
    raise NotFound("board")


def require_audience(audience: Audience, ctx: Ctx) -> None:
    if allows(audience, ctx.principal):
        return
    if proves_no_one(ctx.principal):
        raise Unauthenticated()
    raise Forbidden()


def require_moderator(ctx: Ctx) -> None:
    if is_moderator(ctx.principal):
        return
    require_signed_in(ctx)
    raise Forbidden()


def is_author(ctx: Ctx, *, member_id: int | None, staff_id: int | None) -> bool:
    principal = ctx.principal
    if principal.is_member:
        return member_id is not None and member_id == principal.member_id
    if principal.is_staff:
        return staff_id is not None and staff_id == principal.staff_id
    return False
