"""Dialect A member auth and profile: /api/{tenant}/auth/* and /api/{tenant}/profile."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.mail import Mailer
from tenantry.models.member import Member
from tenantry.resolvers import members, password_reset
from tenantry.resolvers.cart import merge_guest_cart
from tenantry.resolvers.members import MemberSession
from tenantry.resolvers.sessions import IssuedTokens
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso
from tenantry.rest.platform.cart import cart_token_of
from tenantry.rest.spec import STRING, Body

LOGGED_OUT = "Successfully logged out."


def member_json(member: Member) -> dict[str, Any]:
    return {
        "id": member.id,
        "email": member.email,
        "name": member.name,
        "phone": member.phone,
        "birth_date": member.birth_date.isoformat() if member.birth_date else None,
        "avatar_url": member.avatar_url,
        "created_at": iso(member.created_at),
        "updated_at": iso(member.updated_at),
    }


def tokens_json(tokens: IssuedTokens) -> dict[str, Any]:
    return {
        "token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "token_type": tokens.token_type,
        "expires_in": tokens.expires_in,
    }


def session_json(signed_in: MemberSession) -> dict[str, Any]:
    return {"member": member_json(signed_in.member), **tokens_json(signed_in.tokens)}


async def register(call: Call) -> Response:
    data = call.parse(members.RegisterIn, await call.json())
    signed_in = await members.sign_up_member(call.session, ctx=call.ctx, data=data)
    return json({"data": session_json(signed_in)}, 201)


async def login(call: Call) -> Response:
    body = await call.json()
    data = call.parse(members.LoginIn, body)
    signed_in = await members.log_in_member(call.session, ctx=call.ctx, data=data)
    token = body.get("cart_token") or cart_token_of(call.request)
    if isinstance(token, str) and signed_in.member.id is not None:
        await merge_guest_cart(call.session, member_id=signed_in.member.id, cart_token=token)
    return json({"data": session_json(signed_in)})


async def refresh(call: Call) -> Response:
    data = call.parse(members.RefreshIn, await call.json())
    signed_in = await members.refresh_member_session(call.session, ctx=call.ctx, data=data)
    return json({"data": tokens_json(signed_in.tokens)})


async def logout(call: Call) -> Response:
    await members.logout(call.session, ctx=call.ctx)
    return json({"message": LOGGED_OUT})


async def me(call: Call) -> Response:
    member = await members.current_member(call.session, ctx=call.ctx)
    return json({"data": member_json(member)})


async def forgot_password(call: Call) -> Response:
    data = call.parse(password_reset.ForgotPasswordIn, await call.json())
    mailer = Mailer(call.services.db, call.services.settings)
    await password_reset.request_password_reset(
        call.session, ctx=call.ctx, data=data, mailer=mailer
    )
    return json({"message": password_reset.RESET_LINK_SENT})


async def reset_password(call: Call) -> Response:
    data = call.parse(password_reset.ResetPasswordIn, await call.json())
    await password_reset.reset_password(call.session, ctx=call.ctx, data=data)
    return json({"message": password_reset.PASSWORD_RESET})


async def find_email(call: Call) -> Response:
    data = call.parse(members.FindEmailIn, await call.json())
    email = await members.find_member_email(call.session, ctx=call.ctx, data=data)
    return json({"data": {"email": email}})


async def show_profile(call: Call) -> Response:
    member = await members.current_member(call.session, ctx=call.ctx)
    return json({"data": member_json(member)})


async def update_profile(call: Call) -> Response:
    data = call.parse(members.UpdateProfileIn, await call.json())
    member = await members.update_profile(call.session, ctx=call.ctx, data=data)
    return json({"data": member_json(member)})


routes: list[BaseRoute] = [
    Route(
        "/auth/register",
        endpoint(register, body=Body.of(members.RegisterIn), status=201),
        methods=["POST"],
    ),
    Route(
        "/auth/login",
        endpoint(login, body=Body.of(members.LoginIn, fields={"cart_token": STRING})),
        methods=["POST"],
    ),
    Route("/auth/refresh", endpoint(refresh, body=Body.of(members.RefreshIn)), methods=["POST"]),
    Route("/auth/logout", endpoint(logout), methods=["POST"]),
    Route("/auth/me", endpoint(me), methods=["GET"]),
    Route(
        "/auth/forgot-password",
        endpoint(forgot_password, body=Body.of(password_reset.ForgotPasswordIn)),
        methods=["POST"],
    ),
    Route(
        "/auth/reset-password",
        endpoint(reset_password, body=Body.of(password_reset.ResetPasswordIn)),
        methods=["POST"],
    ),
    Route(
        "/auth/find-email",
        endpoint(find_email, body=Body.of(members.FindEmailIn)),
        methods=["POST"],
    ),
    Route("/profile", endpoint(show_profile), methods=["GET"]),
    Route(
        "/profile", endpoint(update_profile, body=Body.of(members.UpdateProfileIn)), methods=["PUT"]
    ),
]
