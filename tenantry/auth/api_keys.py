from __future__ import annotations

from tenantry.auth.secrets import new_token, sha256
from tenantry.models.tenant import ApiKeyKind

PREFIXES = {ApiKeyKind.PUBLISHABLE: "pk_", ApiKeyKind.SECRET: "sk_"}


def generate_api_key(kind: ApiKeyKind) -> str:
    return PREFIXES[kind] + new_token(24)


def looks_like_api_key(value: str) -> bool:
    return value.startswith(("pk_", "sk_")) and len(value) > 10


def hash_api_key(key: str) -> str:
    return sha256(key)
