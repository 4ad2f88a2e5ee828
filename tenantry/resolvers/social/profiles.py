"""Who the user is, as the provider vouches for it: from an authorization code (exchanged with
the PKCE verifier the state kept), an ID token (verified against the provider's keys) or an
access token (checked with the provider). Nothing a client sends is believed on its own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any
from urllib.parse import quote

from pydantic import StringConstraints
from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.context import Ctx
from tenantry.core.errors import (
    BadRequest,
    DomainError,
    Forbidden,
    Unauthenticated,
    ValidationFailed,
)
from tenantry.core.inputs import Input
from tenantry.resolvers.social.calls import call, unreachable
from tenantry.resolvers.social.id_tokens import verify_id_token
from tenantry.resolvers.social.presets import Profile, read_github_emails, read_oidc_claims
from tenantry.resolvers.social.providers import ProviderConfig, client_secret
from tenantry.resolvers.social.state import spend_state, state_error

Text = Annotated[str, StringConstraints(min_length=1, max_length=4096)]
Short = Annotated[str, StringConstraints(min_length=1, max_length=512)]


class SocialCredentialIn(Input):
    """One of: `code` and `state` (the web flow's callback, `redirect_uri` optionally repeated),
    `error` and `state` (the provider's refusal passed back), `id_token` (with the `nonce` the
    app sent, if any) or `access_token` (mobile SDKs)."""

    code: Text | None = None
    state: Short | None = None
    redirect_uri: Annotated[str, StringConstraints(max_length=2048)] | None = None
    error: Short | None = None
    id_token: Annotated[str, StringConstraints(min_length=1, max_length=16384)] | None = None
    access_token: Text | None = None
    nonce: Short | None = None


def _one_credential(data: SocialCredentialIn) -> str:
    given = [name for name in ("code", "error", "id_token", "access_token") if getattr(data, name)]
    if len(given) != 1:
        raise ValidationFailed.single(
            "code",
            "Send exactly one of code (with state), id_token or access_token.",
            code="credential_required",
        )
    if given[0] in ("code", "error") and not data.state:
        raise ValidationFailed.missing("state")
    return given[0]


@contextmanager
def state_stays_spent(data: SocialCredentialIn) -> Iterator[None]:
    """A refusal after a state was spent still commits the spend: a state is tried once. What
    runs inside writes nothing before it can refuse."""
    try:
        yield
    except DomainError as exc:
        if data.state and (data.code or data.error):
            exc.keep_changes = True
        raise


async def verified_profile(
    session: AsyncSession,
    *,
    ctx: Ctx,
    config: ProviderConfig,
    data: SocialCredentialIn,
    member_id: int | None = None,
) -> Profile:
    """member_id: the member connecting an account; a state must have been started by them."""
    kind = _one_credential(data)
    if kind == "id_token":
        assert data.id_token is not None
        return await _from_id_token(ctx, config, data.id_token, nonce=data.nonce)
    if kind == "access_token":
        assert data.access_token is not None
        return await _from_access_token(ctx, config, data.access_token, check_audience=True)
    assert data.state is not None
    row = await spend_state(session, ctx=ctx, provider=config.key, state=data.state)
    with state_stays_spent(data):
        if member_id is not None and row.member_id != member_id:
            raise state_error("The state was started by someone else.", code="invalid_state")
        if data.redirect_uri and data.redirect_uri != row.redirect_uri:
            raise state_error("The redirect URI does not match the state's.", code="invalid_state")
        if kind == "error":
            raise _authorization_error(data.error or "")
        assert data.code is not None
        tokens = await _exchange(ctx, config, data.code, row.redirect_uri, row.code_verifier)
        id_token = tokens.get("id_token")
        if config.oidc and isinstance(id_token, str):
            return await _from_id_token(ctx, config, id_token, nonce=row.nonce)
        access = tokens.get("access_token")
        if not isinstance(access, str):
            raise unreachable("its token answer has no access token.")
        return await _from_access_token(ctx, config, access, check_audience=False)


def _authorization_error(error: str) -> DomainError:
    """What the provider sent back instead of a code (RFC 6749 4.1.2.1)."""
    if error == "access_denied":
        return Forbidden(
            "The sign-in was not allowed at the provider.", code="access_denied", param="error"
        )
    return BadRequest(
        "The provider could not authorize the sign-in; start again.",
        code="authorization_failed",
        param="error",
    )


async def _exchange(
    ctx: Ctx, config: ProviderConfig, code: str, redirect_uri: str, verifier: str
) -> dict[str, Any]:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "client_id": config.row.client_id,
        "client_secret": client_secret(ctx, config),
        "code_verifier": verifier,
    }
    answer = await call(ctx, "POST", config.endpoints.token, form=form)
    body = answer.body if isinstance(answer.body, dict) else {}
    if not answer.ok or "error" in body:
        raise BadRequest(
            "The provider refused the authorization code.", code="invalid_code", param="code"
        )
    return body


async def _from_id_token(
    ctx: Ctx, config: ProviderConfig, token: str, *, nonce: str | None
) -> Profile:
    endpoints = config.endpoints
    if not config.oidc or endpoints.jwks is None or endpoints.issuer is None:
        raise BadRequest(
            "This provider does not issue ID tokens; send an access token.",
            code="id_token_unsupported",
            param="id_token",
        )
    claims = await verify_id_token(
        ctx,
        token,
        jwks_uri=endpoints.jwks,
        issuer=endpoints.issuer,
        client_id=config.row.client_id,
        nonce=nonce,
    )
    profile = read_oidc_claims(claims)
    if profile is None:
        raise Unauthenticated("The ID token names no subject.", code="id_token_invalid")
    return profile


def _token_refused() -> Unauthenticated:
    return Unauthenticated(
        "The provider did not accept the access token.",
        code="access_token_invalid",
        param="access_token",
    )


async def _from_access_token(
    ctx: Ctx, config: ProviderConfig, token: str, *, check_audience: bool
) -> Profile:
    endpoints = config.endpoints
    if check_audience:
        await _check_audience(ctx, config, token)
    if endpoints.userinfo is None:
        raise BadRequest(
            "This provider has no user-info endpoint; send an ID token.",
            code="access_token_unsupported",
            param="access_token",
        )
    bearer = {"Authorization": f"Bearer {token}"}
    answer = await call(ctx, "GET", endpoints.userinfo, headers=bearer)
    if not answer.ok or not isinstance(answer.body, dict):
        raise _token_refused()
    read = config.preset.read_profile if config.preset else read_oidc_claims
    profile = read(answer.body)
    if profile is None:
        raise _token_refused()
    if endpoints.emails is not None:
        emails = await call(ctx, "GET", endpoints.emails, headers=bearer)
        profile = read_github_emails(profile, emails.body if emails.ok else None)
    return profile


async def _check_audience(ctx: Ctx, config: ProviderConfig, token: str) -> None:
    """An access token the app got for itself is for our client; one issued to another app
    must not sign anyone in here. Google says whom a token is for; GitHub answers whether a
    token belongs to our OAuth app."""
    endpoints = config.endpoints
    if endpoints.token_info is not None:
        answer = await call(ctx, "GET", endpoints.token_info, params={"access_token": token})
        body = answer.body if isinstance(answer.body, dict) else {}
        if not answer.ok:
            raise _token_refused()
        if config.row.client_id not in (body.get("aud"), body.get("azp")):
            raise Unauthenticated(
                "The access token was issued to another client.",
                code="access_token_audience",
                param="access_token",
            )
    elif config.key == "github" and endpoints.userinfo is not None:
        url = _github_app_check(endpoints.userinfo, config.row.client_id)
        auth = (config.row.client_id, client_secret(ctx, config))
        answer = await call(ctx, "POST", url, json_body={"access_token": token}, auth=auth)
        if not answer.ok:
            raise _token_refused()


def _github_app_check(userinfo: str, client_id: str) -> str:
    """POST /applications/{client_id}/token on the API host the user endpoint is on."""
    root = userinfo.rsplit("/user", 1)[0]
    return f"{root}/applications/{quote(client_id, safe='')}/token"
