"""Dialect C's session cookie is sent by the browser on its own: a write it authenticates must
show that the shop's own pages (or an origin in TENANTRY_CORS_ORIGINS) sent it.

A cookie-authenticated POST, PUT, PATCH or DELETE is refused with 403 when its body is a kind a
cross-site form can send without asking (text/plain, form-encoded, multipart), or when its
Origin (else its Referer) is neither the shop's own host nor an allowed origin. A request with
neither header and any other body (JSON, or none) is a client that is not a browser, like the
seed's curl: browsers send an Origin with every cross-site write, and a cross-site JSON write
only after a CORS preflight the allow-list answers. Bearer tokens and API keys are not sent by
the browser on its own, and are not checked."""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import urlsplit

from starlette.datastructures import Headers

from tenantry.auth.principal import Principal
from tenantry.core.errors import Forbidden

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SIMPLE_BODIES = ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data")
REFUSED = "Cross-site request refused."


def cross_site_refusal(
    method: str, headers: Headers, principal: Principal, *, allowed: Collection[str]
) -> Forbidden | None:
    """Why a write authenticated by the session cookie may have come from another site."""
    if method.upper() in SAFE_METHODS or not principal.via_session_cookie:
        return None
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in SIMPLE_BODIES:
        return Forbidden(REFUSED, code="cross_site_request")
    source = headers.get("origin") or headers.get("referer")
    if source is None:
        return None
    if _origin(source) in {_origin(url) for url in allowed} - {""}:
        return None
    if urlsplit(source).netloc.lower() == headers.get("host", "").lower() != "":
        return None
    return Forbidden(REFUSED, code="cross_site_request")


def _origin(url: str) -> str:
    """scheme://host[:port] of url, lowercase; "null" and junk name no origin."""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}".lower()
