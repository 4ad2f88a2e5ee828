"""OpenID Connect ID tokens, believed only once verified: signed by a key the provider publishes
(an asymmetric algorithm; never `none` or a shared secret), issued by the provider, for this
tenant's client id, not expired, not issued in the future, and carrying the nonce asked for."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import jwt

from tenantry.core.context import Ctx
from tenantry.core.errors import Unauthenticated
from tenantry.resolvers.social.calls import signing_key

ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"})
LEEWAY = timedelta(seconds=60)


def refused(message: str, *, code: str) -> Unauthenticated:
    return Unauthenticated(message, code=code, param="id_token")


async def verify_id_token(
    ctx: Ctx,
    token: str,
    *,
    jwks_uri: str,
    issuer: str,
    client_id: str,
    nonce: str | None,
) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise refused("The ID token is malformed.", code="id_token_invalid") from None
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise refused("The ID token is not signed with a provider key.", code="id_token_signature")
    kid = header.get("kid")
    key = await signing_key(ctx, jwks_uri, kid if isinstance(kid, str) else None)
    if key is None:
        raise refused(
            "The ID token is signed by a key the provider does not publish.",
            code="id_token_signature",
        )
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key=key,
            algorithms=[str(algorithm)],
            audience=client_id,
            issuer=issuer,
            options={
                "verify_exp": False,  # checked below against the context's clock
                "verify_iat": False,
                "verify_nbf": False,
                "require": ["iss", "aud", "sub", "exp", "iat"],
            },
        )
    except jwt.InvalidSignatureError:
        raise refused("The ID token's signature is invalid.", code="id_token_signature") from None
    except jwt.InvalidAudienceError:
        raise refused(
            "The ID token was issued to another client.", code="id_token_audience"
        ) from None
    except jwt.InvalidIssuerError:
        raise refused(
            "The ID token was issued by another issuer.", code="id_token_issuer"
        ) from None
    except jwt.PyJWTError:
        raise refused("The ID token is invalid.", code="id_token_invalid") from None
    _check_times(ctx, claims)
    if nonce is not None and claims.get("nonce") != nonce:
        raise refused("The ID token's nonce does not match.", code="id_token_nonce")
    return claims


def _check_times(ctx: Ctx, claims: dict[str, Any]) -> None:
    now = ctx.now().timestamp()
    leeway = LEEWAY.total_seconds()
    expires, issued = claims.get("exp"), claims.get("iat")
    if not isinstance(expires, int | float) or not isinstance(issued, int | float):
        raise refused("The ID token's times are invalid.", code="id_token_invalid")
    if expires + leeway <= now:
        raise refused("The ID token has expired.", code="id_token_expired")
    if issued - leeway > now:
        raise refused("The ID token was issued in the future.", code="id_token_invalid")
