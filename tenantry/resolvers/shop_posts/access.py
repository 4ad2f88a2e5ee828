"""Who may read and write the shop posts API.

Writers: shop users (a shop token or the `_session_id` cookie), a secret API key, or owner/admin
staff (GraphQL). A shop user changes, deletes and sees while inactive only the posts they wrote;
another's is not found. The shop (secret key, owner/admin staff) may do so with every post.
Readers: everyone while the shop's `shop_posts.public_read` setting is on (the default),
otherwise any credential of the shop, a publishable key included.
"""

from __future__ import annotations

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.auth.tokens import TokenType
from tenantry.core.context import Ctx, TenantInfo
from tenantry.core.errors import Forbidden, Unauthenticated
from tenantry.models.shop_posts import ShopPost
from tenantry.models.tenant import ApiKeyKind

SHOP_TOKENS = frozenset({TokenType.SHOP_ACCESS, TokenType.SHOP_SESSION})
PUBLISHABLE_WRITE = "A secret API key is required for writes."


def is_writer(principal: Principal) -> bool:
    if principal.is_admin:
        return True
    token = principal.token
    return principal.is_member and token is not None and token.type in SHOP_TOKENS


def owns(principal: Principal, post: ShopPost) -> bool:
    """Whether principal may change post, or see it while inactive: the shop (a secret key,
    owner/admin staff) any post; a shop user the posts they wrote."""
    if principal.is_admin:
        return True
    return (
        is_writer(principal)
        and post.member_id is not None
        and post.member_id == principal.member_id
    )


def public_read(tenant: TenantInfo) -> bool:
    section = tenant.settings.get("shop_posts")
    if not isinstance(section, dict):
        return True
    return section.get("public_read", True) is not False


def require_writer(ctx: Ctx) -> None:
    principal = ctx.principal
    if is_writer(principal):
        return
    if principal.kind is PrincipalKind.ANONYMOUS:
        raise Unauthenticated()
    if principal.key_kind is ApiKeyKind.PUBLISHABLE:
        raise Unauthenticated(PUBLISHABLE_WRITE, code="secret_key_required")
    raise Forbidden()


def require_reader(ctx: Ctx) -> None:
    principal = ctx.principal
    if public_read(ctx.tenant) or is_writer(principal):
        return
    if principal.kind in (PrincipalKind.API_KEY, PrincipalKind.STAFF):
        return
    if principal.kind is PrincipalKind.ANONYMOUS:
        raise Unauthenticated()
    raise Forbidden()
