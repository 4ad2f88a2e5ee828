"""Dialect A social login: /api/{tenant}/auth/social/*.

The web flow's callback is `POST /auth/social/{provider}/token` with the `code` and `state` the
provider sent to the frontend's redirect URI (or its `error` and `state`); native apps post an
`id_token` or `access_token` to the same path. Signing in answers what `POST /auth/login` does.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.models.social import SocialIdentity
from tenantry.resolvers import social
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, whole_list_meta
from tenantry.rest.platform.auth import session_json
from tenantry.rest.spec import Body


def account_json(identity: SocialIdentity) -> dict[str, Any]:
    return {
        "provider": identity.provider,
        "email": identity.email,
        "email_verified": identity.email_verified,
        "connected_at": iso(identity.created_at),
        "last_used_at": iso(identity.last_used_at),
    }


async def providers(call: Call) -> Response:
    found = await social.list_social_providers(call.session, ctx=call.ctx)
    return json(
        {
            "data": [{"provider": p.provider, "name": p.name} for p in found],
            "meta": whole_list_meta(len(found)),
        }
    )


async def authorization_url(call: Call) -> Response:
    data = call.parse(social.AuthorizationIn, {"redirect_uri": call.query("redirect_uri")})
    started = await social.start_authorization(
        call.session, ctx=call.ctx, provider=call.path("provider"), data=data
    )
    return json({"data": {"url": started.url, "state": started.state}})


async def sign_in(call: Call) -> Response:
    data = call.parse(social.SocialCredentialIn, await call.json())
    signed_in = await social.social_sign_in(
        call.session, ctx=call.ctx, provider=call.path("provider"), data=data
    )
    return json({"data": session_json(signed_in)})


async def connect(call: Call) -> Response:
    data = call.parse(social.SocialCredentialIn, await call.json())
    identity = await social.connect_social_account(
        call.session, ctx=call.ctx, provider=call.path("provider"), data=data
    )
    return json({"data": account_json(identity)})


async def disconnect(call: Call) -> Response:
    data = call.parse(social.DisconnectIn, await call.json())
    await social.disconnect_social_account(call.session, ctx=call.ctx, data=data)
    remaining = await social.list_social_accounts(call.session, ctx=call.ctx)
    return json({"data": {"accounts": [account_json(identity) for identity in remaining]}})


routes: list[BaseRoute] = [
    Route("/auth/social/providers", endpoint(providers), methods=["GET"]),
    Route(
        "/auth/social/disconnect",
        endpoint(disconnect, body=Body.of(social.DisconnectIn)),
        methods=["POST"],
    ),
    Route(
        "/auth/social/{provider}",
        endpoint(authorization_url, query_models=(social.AuthorizationIn,)),
        methods=["GET"],
    ),
    Route(
        "/auth/social/{provider}/token",
        endpoint(sign_in, body=Body.of(social.SocialCredentialIn)),
        methods=["POST"],
    ),
    Route(
        "/auth/social/{provider}/connect",
        endpoint(connect, body=Body.of(social.SocialCredentialIn)),
        methods=["POST"],
    ),
]
