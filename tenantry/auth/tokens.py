"""JWTs for members, staff and shop users (HS256, key from settings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import jwt

from tenantry.auth.secrets import new_token

ALGORITHM = "HS256"
# Claims a token we issued can carry: row ids of INTEGER columns, short printable ids. A token
# signed with the right key but claiming anything else is invalid, not a query the database
# refuses (a 500).
MAX_ROW_ID = 2**31 - 1
MAX_ID_TEXT = 255


class TokenType(StrEnum):
    ACCESS = "access"
    REFRESH = "refresh"
    STAFF_ACCESS = "staff_access"
    STAFF_REFRESH = "staff_refresh"
    SHOP_ACCESS = "shop_access"
    SHOP_REFRESH = "shop_refresh"
    SHOP_SESSION = "shop_session"


ACCESS_TYPES = frozenset(
    {TokenType.ACCESS, TokenType.STAFF_ACCESS, TokenType.SHOP_ACCESS, TokenType.SHOP_SESSION}
)
REFRESH_FOR_ACCESS = {
    TokenType.ACCESS: TokenType.REFRESH,
    TokenType.STAFF_ACCESS: TokenType.STAFF_REFRESH,
    TokenType.SHOP_ACCESS: TokenType.SHOP_REFRESH,
}


class InvalidToken(Exception):
    pass


@dataclass(frozen=True)
class TokenClaims:
    type: TokenType
    subject_id: int
    tenant_id: int
    jti: str
    family: str
    expires_at: datetime


def encode_token(
    *,
    secret: str,
    type_: TokenType,
    subject_id: int,
    tenant_id: int,
    family: str,
    now: datetime,
    ttl: int,
    jti: str | None = None,
) -> tuple[str, TokenClaims]:
    claims = TokenClaims(
        type=type_,
        subject_id=subject_id,
        tenant_id=tenant_id,
        jti=jti or new_token(16),
        family=family,
        expires_at=now + timedelta(seconds=ttl),
    )
    payload: dict[str, Any] = {
        "sub": str(subject_id),
        "tid": tenant_id,
        "type": type_.value,
        "jti": claims.jti,
        "fam": family,
        "iat": int(now.timestamp()),
        "exp": int(claims.expires_at.timestamp()),
    }
    if type_ in (TokenType.SHOP_ACCESS, TokenType.SHOP_REFRESH, TokenType.SHOP_SESSION):
        payload["shop_user_id"] = subject_id
        payload["shop_id"] = tenant_id
    return jwt.encode(payload, secret, algorithm=ALGORITHM), claims


def decode_token(token: str, *, secret: str, now: datetime) -> TokenClaims:
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            options={"require": ["exp", "sub", "jti", "type"], "verify_exp": False},
        )
        expires = int(payload["exp"])
        if expires <= int(now.timestamp()):
            raise InvalidToken("token expired")
        return TokenClaims(
            type=TokenType(payload["type"]),
            subject_id=_row_id(payload["sub"]),
            tenant_id=_row_id(payload["tid"]),
            jti=_id_text(payload["jti"]),
            family=_id_text(payload.get("fam", "")),
            expires_at=datetime.fromtimestamp(expires, tz=now.tzinfo),
        )
    except (jwt.PyJWTError, KeyError, ValueError, TypeError, OverflowError, OSError) as exc:
        raise InvalidToken(str(exc)) from exc


def _row_id(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("not an id")
    number = int(value)
    if not 1 <= number <= MAX_ROW_ID:
        raise ValueError("not an id")
    return number


def _id_text(value: object) -> str:
    text = str(value)
    if len(text) > MAX_ID_TEXT or "\x00" in text:
        raise ValueError("not an id")
    text.encode("utf-8")  # a lone surrogate raises UnicodeEncodeError, a ValueError
    return text
