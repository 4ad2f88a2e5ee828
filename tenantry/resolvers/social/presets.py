"""The providers tenantry knows: where their endpoints are and how each states who the user is.

Google is OpenID Connect (ID tokens, claims with `email_verified`). GitHub, Kakao and Naver are
OAuth 2.0 with a user-info API: GitHub lists the user's e-mails with `verified`, Kakao states
`is_email_valid` and `is_email_verified`, Naver states nothing, so its e-mail counts as
unverified. Any other key names a generic OpenID Connect provider found by discovery.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import httpx


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    userinfo: str | None = None
    jwks: str | None = None
    issuer: str | None = None
    # GitHub's list of the user's e-mails, each with `verified`.
    emails: str | None = None
    # Google's token-info: whom an access token was issued to.
    token_info: str | None = None


# Stored per-provider overrides (SocialProvider.endpoints) name these fields.
OVERRIDABLE = {
    "authorization_endpoint": "authorization",
    "token_endpoint": "token",
    "userinfo_endpoint": "userinfo",
    "jwks_uri": "jwks",
}


@dataclass(frozen=True)
class Profile:
    """Who the provider says the user is; `email_verified` only when the provider says so."""

    subject: str
    email: str | None
    email_verified: bool
    name: str = ""
    avatar_url: str | None = None


ProfileReader = Callable[[Mapping[str, Any]], Profile | None]


@dataclass(frozen=True)
class Preset:
    key: str
    name: str
    endpoints: Endpoints
    scopes: str
    read_profile: ProfileReader
    oidc: bool = False


def _text(value: Any, limit: int = 255) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        return None
    return str(value)[:limit]


def _true(value: Any) -> bool:
    return value is True or value == "true"


def read_oidc_claims(claims: Mapping[str, Any]) -> Profile | None:
    subject = _text(claims.get("sub"))
    if subject is None:
        return None
    return Profile(
        subject=subject,
        email=_text(claims.get("email"), 254),
        email_verified=_true(claims.get("email_verified")),
        name=_text(claims.get("name"), 200) or "",
        avatar_url=_text(claims.get("picture"), 2048),
    )


def read_github_user(user: Mapping[str, Any]) -> Profile | None:
    """The e-mail is filled in from /user/emails (see read_github_emails)."""
    subject = _text(user.get("id"))
    if subject is None:
        return None
    return Profile(
        subject=subject,
        email=None,
        email_verified=False,
        name=_text(user.get("name"), 200) or _text(user.get("login"), 200) or "",
        avatar_url=_text(user.get("avatar_url"), 2048),
    )


def read_github_emails(profile: Profile, emails: Any) -> Profile:
    """The primary verified address, else any verified one, else none."""
    listed = (
        [entry for entry in emails if isinstance(entry, dict)] if isinstance(emails, list) else []
    )
    verified = [entry for entry in listed if entry.get("verified") is True]
    chosen = next((e for e in verified if e.get("primary") is True), None) or next(
        iter(verified), None
    )
    email = _text(chosen.get("email"), 254) if chosen else None
    return replace(profile, email=email, email_verified=email is not None)


def read_kakao_user(user: Mapping[str, Any]) -> Profile | None:
    subject = _text(user.get("id"))
    if subject is None:
        return None
    account = user.get("kakao_account")
    account = account if isinstance(account, dict) else {}
    details = account.get("profile")
    details = details if isinstance(details, dict) else {}
    verified = account.get("is_email_valid") is True and account.get("is_email_verified") is True
    return Profile(
        subject=subject,
        email=_text(account.get("email"), 254),
        email_verified=verified,
        name=_text(details.get("nickname"), 200) or "",
        avatar_url=_text(details.get("profile_image_url"), 2048),
    )


def read_naver_user(body: Mapping[str, Any]) -> Profile | None:
    if body.get("resultcode") != "00" or not isinstance(body.get("response"), dict):
        return None
    user = body["response"]
    subject = _text(user.get("id"))
    if subject is None:
        return None
    return Profile(
        subject=subject,
        email=_text(user.get("email"), 254),
        email_verified=False,  # Naver does not say whether the address was verified
        name=_text(user.get("name"), 200) or _text(user.get("nickname"), 200) or "",
        avatar_url=_text(user.get("profile_image"), 2048),
    )


PRESETS: dict[str, Preset] = {
    "google": Preset(
        key="google",
        name="Google",
        endpoints=Endpoints(
            authorization="https://accounts.google.com/o/oauth2/v2/auth",
            token="https://oauth2.googleapis.com/token",
            userinfo="https://openidconnect.googleapis.com/v1/userinfo",
            jwks="https://www.googleapis.com/oauth2/v3/certs",
            issuer="https://accounts.google.com",
            token_info="https://oauth2.googleapis.com/tokeninfo",
        ),
        scopes="openid email profile",
        read_profile=read_oidc_claims,
        oidc=True,
    ),
    "github": Preset(
        key="github",
        name="GitHub",
        endpoints=Endpoints(
            authorization="https://github.com/login/oauth/authorize",
            token="https://github.com/login/oauth/access_token",
            userinfo="https://api.github.com/user",
            emails="https://api.github.com/user/emails",
        ),
        scopes="read:user user:email",
        read_profile=read_github_user,
    ),
    "kakao": Preset(
        key="kakao",
        name="Kakao",
        endpoints=Endpoints(
            authorization="https://kauth.kakao.com/oauth/authorize",
            token="https://kauth.kakao.com/oauth/token",
            userinfo="https://kapi.kakao.com/v2/user/me",
        ),
        scopes="profile_nickname profile_image account_email",
        read_profile=read_kakao_user,
    ),
    "naver": Preset(
        key="naver",
        name="Naver",
        endpoints=Endpoints(
            authorization="https://nid.naver.com/oauth2.0/authorize",
            token="https://nid.naver.com/oauth2.0/token",
            userinfo="https://openapi.naver.com/v1/nid/me",
        ),
        scopes="",
        read_profile=read_naver_user,
    ),
}

OIDC_SCOPES = "openid email profile"


def rebase(url: str | None, base: str | None) -> str | None:
    """url with its scheme and host (and port) replaced by base's; base's path prefixes url's."""
    if url is None or not base:
        return url
    parsed, root = httpx.URL(url), httpx.URL(base)
    path = root.path.rstrip("/") + parsed.path
    moved = str(parsed.copy_with(scheme=root.scheme, host=root.host, port=root.port, path=path))
    # An issuer is compared as written: "https://host" must not become "http://base/".
    return moved.rstrip("/") if not url.endswith("/") else moved


def rebased(endpoints: Endpoints, base: str | None) -> Endpoints:
    if not base:
        return endpoints
    return Endpoints(
        authorization=rebase(endpoints.authorization, base) or endpoints.authorization,
        token=rebase(endpoints.token, base) or endpoints.token,
        userinfo=rebase(endpoints.userinfo, base),
        jwks=rebase(endpoints.jwks, base),
        issuer=rebase(endpoints.issuer, base),
        emails=rebase(endpoints.emails, base),
        token_info=rebase(endpoints.token_info, base),
    )


def overridden(endpoints: Endpoints, overrides: Mapping[str, Any]) -> Endpoints:
    changes = {
        field: str(overrides[name])
        for name, field in OVERRIDABLE.items()
        if isinstance(overrides.get(name), str) and overrides[name]
    }
    return replace(endpoints, **changes) if changes else endpoints
