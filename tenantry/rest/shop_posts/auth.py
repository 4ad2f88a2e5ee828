"""Shop-user auth (dialect C, /api/shop_auth/*). Shop users are the tenant's members.

The same accounts sign in through dialect A and GraphQL; this API hands out its own token types
(`shop_access`/`shop_refresh`) and a `_session_id` cookie, and accepts only those.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.auth.tokens import TokenType
from tenantry.core.context import Ctx
from tenantry.core.errors import Unauthenticated
from tenantry.models.member import Member
from tenantry.resolvers import members
from tenantry.resolvers.sessions import IssuedTokens, SessionKind, issue_session_cookie
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.spec import Body
from tenantry.serving.credentials import SESSION_COOKIE, session_cookie_options

SHOP_CREDENTIALS = frozenset({TokenType.SHOP_ACCESS, TokenType.SHOP_SESSION})


def user_json(member: Member) -> dict[str, Any]:
    return {"id": member.id, "email": member.email, "name": member.name}


def tokens_json(tokens: IssuedTokens) -> dict[str, Any]:
    return {
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "token_type": tokens.token_type,
        "expires_in": tokens.expires_in,
    }


def require_shop_user(ctx: Ctx) -> None:
    """Only this API's own credentials act as a shop user here: a shop token or session cookie."""
    token = ctx.principal.token
    if not ctx.principal.is_member or token is None or token.type not in SHOP_CREDENTIALS:
        raise Unauthenticated()


async def register(call: Call) -> Response:
    data = call.parse(members.RegisterIn, await call.json())
    signed_up = await members.sign_up_member(
        call.session, ctx=call.ctx, data=data, kind=SessionKind.SHOP
    )
    body = {"user": user_json(signed_up.member), "tokens": tokens_json(signed_up.tokens)}
    return json({"success": True, "message": "Registration successful", "data": body}, 201)


async def login(call: Call) -> Response:
    """Signs a shop user in: shop tokens in the body and the session cookie."""
    ctx = call.ctx
    data = call.parse(members.LoginIn, await call.json())
    signed_in = await members.log_in_member(call.session, ctx=ctx, data=data, kind=SessionKind.SHOP)
    member, tokens = signed_in.member, signed_in.tokens
    assert member.id is not None
    body = {"user": user_json(member), "tokens": tokens_json(tokens)}
    response = json({"success": True, "message": "Login successful", "data": body})
    response.set_cookie(
        SESSION_COOKIE,
        issue_session_cookie(ctx, subject_id=member.id, family=tokens.family),
        max_age=ctx.settings.refresh_token_ttl,
        **session_cookie_options(ctx.settings),
    )
    return response


async def refresh(call: Call) -> Response:
    """A new token pair for a shop refresh token."""
    data = call.parse(members.RefreshIn, await call.json())
    refreshed = await members.refresh_member_session(
        call.session, ctx=call.ctx, data=data, kind=SessionKind.SHOP
    )
    body = {"tokens": tokens_json(refreshed.tokens)}
    return json({"success": True, "message": "Token refreshed successfully", "data": body})


async def logout(call: Call) -> Response:
    """Revokes the shop access token and clears the session cookie."""
    require_shop_user(call.ctx)
    await members.logout(call.session, ctx=call.ctx)
    response = json({"success": True, "message": "Logged out successfully"})
    response.delete_cookie(SESSION_COOKIE, **session_cookie_options(call.ctx.settings))
    return response


async def me(call: Call) -> Response:
    """The signed-in shop user."""
    require_shop_user(call.ctx)
    member = await members.current_member(call.session, ctx=call.ctx)
    return json({"success": True, "data": {"user": user_json(member)}})


routes: list[BaseRoute] = [
    Route(
        "/register",
        endpoint(
            register,
            body=Body.of(members.RegisterIn),
            status=201,
            validation_message="Registration failed",
        ),
        methods=["POST"],
    ),
    Route(
        "/login",
        endpoint(login, body=Body.of(members.LoginIn), validation_message="Login failed"),
        methods=["POST"],
    ),
    Route(
        "/refresh",
        endpoint(
            refresh, body=Body.of(members.RefreshIn), validation_message="Token refresh failed"
        ),
        methods=["POST"],
    ),
    Route("/logout", endpoint(logout), methods=["POST"]),
    Route("/me", endpoint(me), methods=["GET"]),
]
