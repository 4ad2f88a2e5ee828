"""Calls to a provider: through the egress guard, bounded in time, never redirected, and their
failures told apart (unreachable, refused, not JSON). Discovery documents and key sets are kept
per process for a while; an unknown key id refreshes a key set at most once a minute."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

from tenantry.core.context import Ctx
from tenantry.core.errors import Unavailable
from tenantry.egress import EgressRefused, resolve_public

USER_AGENT = "tenantry-social/1"
DISCOVERY_SECONDS = 3600.0
JWKS_SECONDS = 3600.0
# However many tokens name an unknown key, its set is fetched again at most this often.
JWKS_REFRESH_FLOOR_SECONDS = 60.0
CACHED_DOCUMENTS = 256


def unreachable(detail: str) -> Unavailable:
    return Unavailable(
        f"The sign-in provider could not be reached: {detail}", code="provider_unreachable"
    )


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any  # the JSON answered, or None when it was not JSON

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


async def call(
    ctx: Ctx,
    method: str,
    url: str,
    *,
    form: Mapping[str, str] | None = None,
    json_body: Mapping[str, Any] | None = None,
    params: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    auth: tuple[str, str] | None = None,
) -> Answer:
    settings = ctx.settings
    try:
        target = await resolve_public(url, allow_private=settings.oauth_allow_private_endpoints)
    except EgressRefused as exc:
        raise unreachable(exc.message) from None
    sent = {"Accept": "application/json", "User-Agent": USER_AGENT, **(headers or {})}
    try:
        async with httpx.AsyncClient(
            timeout=settings.oauth_timeout_seconds, follow_redirects=False
        ) as http:
            response = await http.request(
                method,
                target.url,
                data=dict(form) if form is not None else None,
                json=json_body,
                params=params,
                headers={**sent, **target.headers},
                extensions=target.extensions,
                auth=auth,
            )
    except httpx.TimeoutException:
        raise unreachable("it did not answer in time.") from None
    except httpx.HTTPError as exc:
        raise unreachable(f"{type(exc).__name__}.") from None
    if response.status_code >= 500:
        raise unreachable(f"it answered HTTP {response.status_code}.")
    try:
        body = response.json()
    except ValueError:
        body = None
    return Answer(response.status_code, body)


class _Cache:
    """A bounded, per-process map of URL -> (fetched at, value)."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, tuple[float, Any]] = OrderedDict()

    def get(self, key: str, max_age: float) -> tuple[float, Any] | None:
        found = self._items.get(key)
        if found is None or time.monotonic() - found[0] > max_age:
            return None
        return found

    def put(self, key: str, value: Any) -> None:
        self._items[key] = (time.monotonic(), value)
        self._items.move_to_end(key)
        while len(self._items) > CACHED_DOCUMENTS:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()


_discovery = _Cache()
_jwks = _Cache()


def forget_documents() -> None:
    """Tests: drop every cached discovery document and key set."""
    _discovery.clear()
    _jwks.clear()


async def discover(ctx: Ctx, issuer: str) -> dict[str, Any]:
    """The issuer's OpenID configuration; its `issuer` must be the issuer asked about."""
    cached = _discovery.get(issuer, DISCOVERY_SECONDS)
    if cached is not None:
        document: dict[str, Any] = cached[1]
        return document
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    answer = await call(ctx, "GET", url)
    body = answer.body
    if not answer.ok or not isinstance(body, dict):
        raise unreachable(f"its discovery document answered HTTP {answer.status}.")
    if str(body.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise unreachable("its discovery document names another issuer.")
    needed = ("authorization_endpoint", "token_endpoint", "jwks_uri")
    if not all(isinstance(body.get(name), str) for name in needed):
        raise unreachable("its discovery document lacks an endpoint.")
    _discovery.put(issuer, body)
    return body


async def signing_key(ctx: Ctx, jwks_uri: str, kid: str | None) -> jwt.PyJWK | None:
    """The provider's published key with this id (the only one, when the token names none);
    None when the provider publishes no such key."""
    cached = _jwks.get(jwks_uri, JWKS_SECONDS)
    keys: dict[str | None, jwt.PyJWK] = cached[1] if cached is not None else {}
    if cached is None or (kid not in keys and _may_refresh(cached)):
        keys = await _fetch_keys(ctx, jwks_uri)
        _jwks.put(jwks_uri, keys)
    if kid is None and len(keys) == 1:
        return next(iter(keys.values()))
    return keys.get(kid)


def _may_refresh(cached: tuple[float, Any]) -> bool:
    return time.monotonic() - cached[0] >= JWKS_REFRESH_FLOOR_SECONDS


async def _fetch_keys(ctx: Ctx, jwks_uri: str) -> dict[str | None, jwt.PyJWK]:
    answer = await call(ctx, "GET", jwks_uri)
    body = answer.body
    listed = body.get("keys") if isinstance(body, dict) else None
    if not answer.ok or not isinstance(listed, list):
        raise unreachable(f"its key set answered HTTP {answer.status}.")
    keys: dict[str | None, jwt.PyJWK] = {}
    for entry in listed:
        if not isinstance(entry, dict) or entry.get("use", "sig") != "sig":
            continue
        try:
            keys[entry.get("kid")] = jwt.PyJWK(entry)
        except jwt.PyJWTError:
            continue  # a key type or algorithm we do not use
    return keys
