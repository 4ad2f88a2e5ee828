"""Secrets stored in the database (an agent's API key) are sealed with a key only the servers
hold, so a database dump or backup alone does not give them away.

Sealed values are `enc:v1:` plus a Fernet token (AES-128-CBC with HMAC-SHA256). The first key
of `TENANTRY_ENCRYPTION_KEYS` seals; every key listed opens, so keys can be rotated. Without that
setting one key is derived from `TENANTRY_SECRET_KEY`. Values stored before sealing existed
have no prefix and are read as they are; they are sealed the next time they are written.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from typing import Any, Final

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from tenantry.config import Settings

PREFIX: Final = "enc:v1:"
MASK: Final = "****"


class SecretUnreadable(Exception):
    """A sealed value none of the configured keys opens."""


def derived_key(secret_key: str) -> bytes:
    raw = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"tenantry stored secrets"
    ).derive(secret_key.encode())
    return base64.urlsafe_b64encode(raw)


class SecretBox:
    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise ValueError("at least one key is needed")
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    @classmethod
    def from_settings(cls, settings: Settings) -> SecretBox:
        return _box(settings.secret_key, tuple(settings.encryption_keys))

    def seal(self, value: str) -> str:
        if is_sealed(value):
            return value
        return PREFIX + self._fernet.encrypt(value.encode()).decode("ascii")

    def open(self, value: str) -> str:
        if not is_sealed(value):
            return value
        try:
            return self._fernet.decrypt(value[len(PREFIX) :].encode("ascii")).decode()
        except (InvalidToken, UnicodeDecodeError, ValueError):
            raise SecretUnreadable(
                "A stored secret cannot be decrypted with the configured keys "
                "(TENANTRY_ENCRYPTION_KEYS / TENANTRY_SECRET_KEY changed?)."
            ) from None


@lru_cache(maxsize=8)
def _box(secret_key: str, keys: tuple[str, ...]) -> SecretBox:
    return SecretBox([key.encode() for key in keys] or [derived_key(secret_key)])


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def mask_secret(value: Any) -> Any:
    """A secret as answers show it: its last four characters, or nothing of a short one."""
    if not isinstance(value, str) or not value:
        return value
    # A short secret would be given away by its last four characters.
    return MASK + value[-4:] if len(value) >= 12 else MASK
