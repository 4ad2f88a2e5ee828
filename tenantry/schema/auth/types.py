from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

import strawberry

from tenantry.models.member import Member as MemberModel
from tenantry.resolvers.members import MemberSession
from tenantry.resolvers.sessions import IssuedTokens


@strawberry.type
class Member:
    id: strawberry.ID
    email: str
    name: str
    phone: str | None
    birth_date: date | None
    avatar_url: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, member: MemberModel) -> Member:
        return cls(
            id=strawberry.ID(str(member.id)),
            email=member.email,
            name=member.name,
            phone=member.phone,
            birth_date=member.birth_date,
            avatar_url=member.avatar_url,
            created_at=member.created_at,
            updated_at=member.updated_at,
        )


@strawberry.type
class TokenPair:
    token: str
    refresh_token: str
    token_type: str
    expires_in: int

    @classmethod
    def from_tokens(cls, tokens: IssuedTokens) -> TokenPair:
        return cls(
            token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            token_type=tokens.token_type,
            expires_in=tokens.expires_in,
        )


@strawberry.type
class AuthPayload(TokenPair):
    member: Member

    @classmethod
    def from_session(cls, signed_in: MemberSession) -> AuthPayload:
        tokens = signed_in.tokens
        return cls(
            token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            token_type=tokens.token_type,
            expires_in=tokens.expires_in,
            member=Member.from_model(signed_in.member),
        )


@strawberry.input
class RegisterInput:
    email: str
    password: str
    name: str = ""
    phone: str | None = None


@strawberry.input
class LoginInput:
    email: str
    password: str


@strawberry.input
class ResetPasswordInput:
    token: str
    email: str
    password: str
    password_confirmation: str


@strawberry.input(description="Fields left out stay unchanged; null clears an optional field.")
class UpdateProfileInput:
    name: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    birth_date: date | None = strawberry.UNSET
    avatar_url: str | None = strawberry.UNSET
    current_password: str | None = strawberry.UNSET
    password: str | None = strawberry.UNSET
    password_confirmation: str | None = strawberry.UNSET


def input_dict(value: Any) -> dict[str, Any]:
    """A Strawberry input as the plain dict the resolvers' Input models parse."""
    return {
        item.name: getattr(value, item.name)
        for item in dataclasses.fields(value)
        if getattr(value, item.name) is not strawberry.UNSET
    }
