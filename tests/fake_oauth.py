"""A small OAuth 2.0 / OpenID Connect provider for tests, on a free port of 127.0.0.1.

One server answers on the paths of every preset (Google's, GitHub's, Kakao's, Naver's, with
`TENANTRY_OAUTH_BASE_OVERRIDES` pointing them here) and as a generic OIDC issuer (discovery at
`/.well-known/openid-configuration`). It checks what a provider checks: the code was issued to
this client for this redirect URI, unused, with the PKCE verifier of its challenge, and the
client's secret. `authorize` stands for the browser: it consents as `account` (or refuses, with
`deny`). ID tokens are signed with an RSA key made per server; `id_token()` makes any token a
test needs (another audience, expired, signed by another key).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.live import serve

CLIENT_ID = "client-a"
CLIENT_SECRET = "secret-a-0123456789"
OTHER_CLIENT_ID = "client-b"
OTHER_CLIENT_SECRET = "secret-b-0123456789"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Account:
    subject: str = field(default_factory=lambda: f"sub-{secrets.token_hex(6)}")
    email: str | None = field(default_factory=lambda: f"u-{secrets.token_hex(4)}@example.com")
    email_verified: bool = True
    name: str = "Social User"


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    challenge: str
    method: str
    nonce: str | None
    account: Account
    used: bool = False


@dataclass
class FakeOAuth:
    base_url: str = ""
    key: rsa.RSAPrivateKey = field(default_factory=new_key)
    kid: str = field(default_factory=lambda: secrets.token_hex(4))
    clients: dict[str, str] = field(
        default_factory=lambda: {CLIENT_ID: CLIENT_SECRET, OTHER_CLIENT_ID: OTHER_CLIENT_SECRET}
    )
    account: Account = field(default_factory=Account)
    deny: bool = False
    down: bool = False
    grants: dict[str, Grant] = field(default_factory=dict)
    tokens: dict[str, tuple[str, Account]] = field(default_factory=dict)
    exchanges: int = 0
    jwks_fetches: int = 0
    discoveries: int = 0

    def id_token(
        self,
        account: Account | None = None,
        *,
        audience: str = CLIENT_ID,
        nonce: str | None = None,
        expires_in: int = 300,
        issued_ago: int = 0,
        key: rsa.RSAPrivateKey | None = None,
        kid: str | None = None,
        issuer: str | None = None,
    ) -> str:
        who = account or self.account
        now = int(time.time()) - issued_ago
        claims: dict[str, Any] = {
            "iss": issuer or self.base_url,
            "aud": audience,
            "sub": who.subject,
            "iat": now,
            "exp": now + expires_in,
            "email": who.email,
            "email_verified": who.email_verified,
            "name": who.name,
        }
        if nonce is not None:
            claims["nonce"] = nonce
        headers = {"kid": kid or self.kid}
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers=headers)

    def access_token(self, account: Account | None = None, *, client_id: str = CLIENT_ID) -> str:
        token = f"at-{secrets.token_hex(12)}"
        self.tokens[token] = (client_id, account or self.account)
        return token

    async def authorize(self, url: str) -> dict[str, str]:
        """Follows an authorization URL as the browser would; the redirect's query."""
        async with httpx.AsyncClient() as http:
            response = await http.get(url)
        assert response.status_code == 302, response.text
        location = httpx.URL(response.headers["location"])
        return dict(location.params)

    def rotate(self) -> None:
        """The provider starts signing with a new key and publishes only that one."""
        self.key, self.kid = new_key(), secrets.token_hex(4)

    def jwk(self) -> dict[str, Any]:
        public: dict[str, Any] = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {**public, "kid": self.kid, "alg": "RS256", "use": "sig"}

    # the endpoints

    async def discovery(self, request: Request) -> Response:
        self.discoveries += 1
        base = self.base_url
        return JSONResponse(
            {
                "issuer": base,
                "authorization_endpoint": f"{base}/authorize",
                "token_endpoint": f"{base}/token",
                "userinfo_endpoint": f"{base}/userinfo",
                "jwks_uri": f"{base}/jwks",
            }
        )

    async def authorize_endpoint(self, request: Request) -> Response:
        params = request.query_params
        redirect_uri = params["redirect_uri"]
        back: dict[str, str] = {"state": params.get("state", "")}
        if self.deny:
            back["error"] = "access_denied"
        else:
            code = f"code-{secrets.token_hex(8)}"
            self.grants[code] = Grant(
                client_id=params["client_id"],
                redirect_uri=redirect_uri,
                challenge=params.get("code_challenge", ""),
                method=params.get("code_challenge_method", ""),
                nonce=params.get("nonce"),
                account=self.account,
            )
            back["code"] = code
        return RedirectResponse(f"{redirect_uri}?{urlencode(back)}", status_code=302)

    async def token_endpoint(self, request: Request) -> Response:
        self.exchanges += 1
        if self.down:
            return JSONResponse({"error": "temporarily_unavailable"}, status_code=503)
        form = dict(await request.form())
        client_id, secret = str(form.get("client_id", "")), str(form.get("client_secret", ""))
        if self.clients.get(client_id) != secret:
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        grant = self.grants.get(str(form.get("code", "")))
        verifier = str(form.get("code_verifier", ""))
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        valid = (
            grant is not None
            and not grant.used
            and grant.client_id == client_id
            and grant.redirect_uri == form.get("redirect_uri")
            and grant.method == "S256"
            and challenge.rstrip(b"=").decode() == grant.challenge
        )
        if grant is None or not valid:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        grant.used = True
        body = {
            "access_token": self.access_token(grant.account, client_id=client_id),
            "token_type": "Bearer",
            "expires_in": 3600,
        }
        if grant.nonce is not None:  # an OpenID Connect request
            body["id_token"] = self.id_token(grant.account, audience=client_id, nonce=grant.nonce)
        return JSONResponse(body)

    def _bearer(self, request: Request) -> tuple[str, Account] | None:
        header = request.headers.get("authorization", "")
        return self.tokens.get(header.removeprefix("Bearer ").strip())

    async def oidc_userinfo(self, request: Request) -> Response:
        found = self._bearer(request)
        if found is None:
            return JSONResponse({"error": "invalid_token"}, status_code=401)
        who = found[1]
        return JSONResponse(
            {
                "sub": who.subject,
                "email": who.email,
                "email_verified": who.email_verified,
                "name": who.name,
            }
        )

    async def token_info(self, request: Request) -> Response:
        found = self.tokens.get(request.query_params.get("access_token", ""))
        if found is None:
            return JSONResponse({"error": "invalid_token"}, status_code=400)
        return JSONResponse({"aud": found[0], "azp": found[0], "sub": found[1].subject})

    async def github_user(self, request: Request) -> Response:
        found = self._bearer(request)
        if found is None:
            return JSONResponse({"message": "Bad credentials"}, status_code=401)
        who = found[1]
        return JSONResponse({"id": int(who.subject.encode().hex()[:8], 16), "login": who.name})

    async def github_emails(self, request: Request) -> Response:
        found = self._bearer(request)
        if found is None:
            return JSONResponse({"message": "Bad credentials"}, status_code=401)
        who = found[1]
        listed = [{"email": "noreply@users.github.test", "primary": False, "verified": True}]
        if who.email:
            listed.insert(0, {"email": who.email, "primary": True, "verified": who.email_verified})
        return JSONResponse(listed)

    async def github_app_check(self, request: Request) -> Response:
        client_id = request.path_params["client_id"]
        auth = request.headers.get("authorization", "").removeprefix("Basic ")
        user, _, secret = base64.b64decode(auth or b"").decode().partition(":")
        if user != client_id or self.clients.get(client_id) != secret:
            return JSONResponse({"message": "Not Found"}, status_code=404)
        found = self.tokens.get(str((await request.json()).get("access_token", "")))
        if found is None or found[0] != client_id:
            return JSONResponse({"message": "Not Found"}, status_code=404)
        return JSONResponse({"id": 1, "token": "…"})

    async def kakao_user(self, request: Request) -> Response:
        found = self._bearer(request)
        if found is None:
            return JSONResponse({"msg": "this access token does not exist"}, status_code=401)
        who = found[1]
        account = {
            "email": who.email,
            "is_email_valid": True,
            "is_email_verified": who.email_verified,
            "profile": {"nickname": who.name},
        }
        return JSONResponse(
            {"id": int(who.subject.encode().hex()[:8], 16), "kakao_account": account}
        )

    async def naver_user(self, request: Request) -> Response:
        found = self._bearer(request)
        if found is None:
            return JSONResponse({"resultcode": "024", "message": "Authentication failed"}, 401)
        who = found[1]
        user = {"id": who.subject, "email": who.email, "name": who.name}
        return JSONResponse({"resultcode": "00", "message": "success", "response": user})

    async def jwks(self, request: Request) -> Response:
        self.jwks_fetches += 1
        return JSONResponse({"keys": [self.jwk()]})

    def app(self) -> Starlette:
        authorize, token = self.authorize_endpoint, self.token_endpoint
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                *(
                    Route(path, authorize)
                    for path in (
                        "/authorize",
                        "/o/oauth2/v2/auth",
                        "/login/oauth/authorize",
                        "/oauth/authorize",
                        "/oauth2.0/authorize",
                    )
                ),
                *(
                    Route(path, token, methods=["POST"])
                    for path in (
                        "/token",
                        "/login/oauth/access_token",
                        "/oauth/token",
                        "/oauth2.0/token",
                    )
                ),
                Route("/userinfo", self.oidc_userinfo),
                Route("/v1/userinfo", self.oidc_userinfo),
                Route("/tokeninfo", self.token_info),
                Route("/jwks", self.jwks),
                Route("/oauth2/v3/certs", self.jwks),
                Route("/user", self.github_user),
                Route("/user/emails", self.github_emails),
                Route("/applications/{client_id}/token", self.github_app_check, methods=["POST"]),
                Route("/v2/user/me", self.kakao_user),
                Route("/v1/nid/me", self.naver_user),
            ]
        )


@asynccontextmanager
async def fake_oauth_server() -> AsyncIterator[FakeOAuth]:
    fake = FakeOAuth()
    async with serve(fake.app()) as server:
        fake.base_url = server.http()
        yield fake
