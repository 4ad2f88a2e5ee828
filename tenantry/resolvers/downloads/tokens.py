"""Download links are capability URLs whose token is an HMAC of what the grant is for.

The token can be derived again whenever the member lists their downloads, so nothing secret is
stored: the grant keeps only the token's sha256 to be found by it. The grant's own unique hash
also makes a second grant for one order item and file impossible.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote

from tenantry.core.context import Ctx

PURPOSE = b"tenantry/download-grant/v1"
MAX_TOKEN_LENGTH = 128


def grant_token(ctx: Ctx, *, order_item_id: int, product_file_id: int) -> str:
    key = hmac.new(ctx.settings.secret_key.encode(), PURPOSE, hashlib.sha256).digest()
    message = f"{ctx.tenant.id}:{order_item_id}:{product_file_id}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def download_url(ctx: Ctx, token: str) -> str:
    base = ctx.settings.public_url.rstrip("/")
    return f"{base}/api/{quote(ctx.tenant.slug, safe='')}/downloads/{quote(token, safe='')}"
