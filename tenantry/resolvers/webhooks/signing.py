"""Webhook secrets and signatures: DiSeller's `X-DiSeller-Signature` and Standard Webhooks'.

A secret is `whsec_` + base64 of 32 random bytes. DiSeller's signature is
`t=<unix>,v1=<hex HMAC-SHA256>` keyed with the whole `whsec_…` string over `"<t>.<body>"`;
Standard Webhooks' is `v1,<base64 HMAC-SHA256>` keyed with the decoded bytes over
`"<id>.<t>.<body>"`. While a rolled secret's predecessor is still valid, both sign (two `v1=`
values, two space-separated signatures), so receivers can switch without losing a delivery.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Sequence

PREFIX = "whsec_"
SIGNATURE_HEADER = "X-DiSeller-Signature"


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def diseller_signature(body: bytes, *, secrets_: Sequence[str], timestamp: int) -> str:
    signed = f"{timestamp}.".encode() + body
    parts = [f"t={timestamp}"]
    for secret in secrets_:
        digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
        parts.append(f"v1={digest}")
    return ",".join(parts)


def standard_signature(
    body: bytes, *, secrets_: Sequence[str], timestamp: int, message_id: str
) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    found = []
    for secret in secrets_:
        key = base64.b64decode(secret.removeprefix(PREFIX))
        digest = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        found.append(f"v1,{digest}")
    return " ".join(found)


def signed_headers(
    body: bytes, *, secrets_: Sequence[str], timestamp: int, message_id: str
) -> dict[str, str]:
    """Every header a delivery carries besides its content type."""
    return {
        SIGNATURE_HEADER: diseller_signature(body, secrets_=secrets_, timestamp=timestamp),
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": standard_signature(
            body, secrets_=secrets_, timestamp=timestamp, message_id=message_id
        ),
    }
