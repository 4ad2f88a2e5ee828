"""Member accounts: sign-up, sign-in with lockout, the current member, sessions, profile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from pydantic import EmailStr, Field, StringConstraints, field_validator
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.auth.passwords import hash_password, verify_password
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, Unauthenticated, ValidationFailed
from tenantry.core.inputs import Input
from tenantry.models.member import Member, RefreshToken, TokenAudience
from tenantry.resolvers import sessions
from tenantry.resolvers.account_throttles import AccountOperation, throttle_account
from tenantry.resolvers.lockout import sign_in
from tenantry.resolvers.sessions import IssuedTokens, SessionKind

EMAIL_TAKEN = "The email has already been taken."
NO_ACCOUNT = "No account matches those details."
NO_PASSWORD_YET = "The account has no password yet: set one with a password reset link."

# Passwords are taken as typed: never stripped. The cap keeps hashing cheap.
Password = Annotated[str, StringConstraints(strip_whitespace=False, max_length=255)]
Name = Annotated[str, StringConstraints(max_length=200)]
Phone = Annotated[str, StringConstraints(max_length=40)]


class RegisterIn(Input):
    email: EmailStr = Field(max_length=254)
    password: Password
    name: Name = ""
    phone: Phone | None = None


class LoginIn(Input):
    email: EmailStr
    password: Password


class RefreshIn(Input):
    refresh_token: str


class FindEmailIn(Input):
    name: Name = Field(min_length=1)
    phone: Phone = Field(min_length=1)


class UpdateProfileIn(Input):
    """A partial update: fields left out stay as they are; null clears an optional field."""

    name: Name | None = None
    phone: Phone | None = None
    birth_date: date | None = None
    avatar_url: Annotated[str, StringConstraints(max_length=2048)] | None = None
    current_password: Password | None = None
    password: Password | None = None
    password_confirmation: Password | None = None

    @field_validator("avatar_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value and not value.lower().startswith(("http://", "https://")):
            raise ValueError("must be a valid URL")
        return value or None


@dataclass(frozen=True)
class MemberSession:
    member: Member
    tokens: IssuedTokens


def normalize_email(email: str) -> str:
    return email.strip().lower()


def password_errors(
    ctx: Ctx, password: str, *, confirmation: str | None = None, confirm: bool = False
) -> list[str]:
    """The rules every new password meets; confirm demands a matching confirmation."""
    errors = []
    minimum = ctx.settings.password_min_length
    if len(password) < minimum:
        errors.append(f"The password field must be at least {minimum} characters.")
    if confirm and confirmation != password:
        errors.append("The password field confirmation does not match.")
    return errors


async def register_member(session: AsyncSession, *, ctx: Ctx, data: RegisterIn) -> Member:
    await throttle_account(ctx, AccountOperation.REGISTER)
    email = normalize_email(data.email)
    if errors := password_errors(ctx, data.password):
        raise ValidationFailed({"password": errors})
    taken = await session.scalar(select(Member.id).where(col(Member.email) == email))
    if taken is not None:
        raise ValidationFailed.single("email", EMAIL_TAKEN)
    member = Member(
        email=email,
        name=data.name,
        phone=data.phone or None,
        password_hash=await hash_password(data.password),
    )
    session.add(member)
    try:
        await session.flush()
    except IntegrityError:  # a concurrent sign-up with the same email won the race
        raise ValidationFailed.single("email", EMAIL_TAKEN) from None
    return member


async def authenticate_member(session: AsyncSession, *, ctx: Ctx, data: LoginIn) -> Member:
    await throttle_account(ctx, AccountOperation.LOGIN)
    return await sign_in(
        session, ctx=ctx, model=Member, email=normalize_email(data.email), password=data.password
    )


async def sign_up_member(
    session: AsyncSession, *, ctx: Ctx, data: RegisterIn, kind: SessionKind = SessionKind.MEMBER
) -> MemberSession:
    member = await register_member(session, ctx=ctx, data=data)
    return MemberSession(member, await _issue(session, ctx=ctx, kind=kind, member=member))


async def log_in_member(
    session: AsyncSession, *, ctx: Ctx, data: LoginIn, kind: SessionKind = SessionKind.MEMBER
) -> MemberSession:
    member = await authenticate_member(session, ctx=ctx, data=data)
    return MemberSession(member, await _issue(session, ctx=ctx, kind=kind, member=member))


async def _issue(
    session: AsyncSession, *, ctx: Ctx, kind: SessionKind, member: Member
) -> IssuedTokens:
    assert member.id is not None
    return await sessions.issue_tokens(session, ctx=ctx, kind=kind, subject_id=member.id)


async def refresh_member_session(
    session: AsyncSession, *, ctx: Ctx, data: RefreshIn, kind: SessionKind = SessionKind.MEMBER
) -> MemberSession:
    member_id, tokens = await sessions.rotate_refresh_token(
        session, ctx=ctx, kind=kind, refresh_token=data.refresh_token
    )
    member = await session.get(Member, member_id)
    if member is None or not member.is_active:
        raise Unauthenticated(sessions.INVALID_REFRESH, code="invalid_refresh_token")
    return MemberSession(member, tokens)


async def current_member(session: AsyncSession, *, ctx: Ctx) -> Member:
    principal = ctx.principal
    if not principal.is_member or principal.member_id is None:
        raise Unauthenticated()
    member = await session.get(Member, principal.member_id)
    if member is None or not member.is_active:
        raise Unauthenticated()
    return member


async def logout(session: AsyncSession, *, ctx: Ctx) -> None:
    claims = ctx.principal.token
    if claims is None:
        raise Unauthenticated()
    await sessions.revoke_access_token(session, ctx=ctx, claims=claims)


async def revoke_member_refresh_tokens(
    session: AsyncSession, *, ctx: Ctx, member_id: int, keep_family: str | None = None
) -> None:
    """Ends the member's sessions, except the one whose family is keep_family."""
    statement = update(RefreshToken).where(
        col(RefreshToken.subject_id) == member_id,
        col(RefreshToken.audience) == TokenAudience.MEMBER,
        col(RefreshToken.revoked_at).is_(None),
    )
    if keep_family:
        statement = statement.where(col(RefreshToken.family) != keep_family)
    await session.execute(
        statement.values(revoked_at=ctx.now()).execution_options(synchronize_session=False)
    )


async def find_member_email(session: AsyncSession, *, ctx: Ctx, data: FindEmailIn) -> str:
    """The masked email of the account with this name and phone number."""
    await throttle_account(ctx, AccountOperation.FIND_EMAIL)
    email = await session.scalar(
        select(Member.email)
        .where(
            col(Member.name) == data.name,
            col(Member.phone) == data.phone,
            col(Member.is_active).is_(True),
        )
        .order_by(col(Member.id))
        .limit(1)
    )
    if email is None:
        raise NotFound("member", NO_ACCOUNT)
    return mask_email(email)


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    shown = 2 if len(local) > 2 else 1
    return f"{local[:shown]}****@{domain}"


async def update_profile(session: AsyncSession, *, ctx: Ctx, data: UpdateProfileIn) -> Member:
    member = await current_member(session, ctx=ctx)
    given = data.model_fields_set
    if data.password:
        await _change_password(session, ctx=ctx, member=member, data=data)
    if "name" in given and data.name is not None:
        member.name = data.name
    if "phone" in given:
        member.phone = data.phone or None
    if "birth_date" in given:
        member.birth_date = data.birth_date
    if "avatar_url" in given:
        member.avatar_url = data.avatar_url
    await session.flush()
    return member


async def _change_password(
    session: AsyncSession, *, ctx: Ctx, member: Member, data: UpdateProfileIn
) -> None:
    assert data.password is not None
    assert member.id is not None
    errors: dict[str, list[str]] = {}
    if not member.password_hash:
        # Signed up through a social provider: a first password proves the mailbox instead.
        errors["current_password"] = [NO_PASSWORD_YET]
    elif not data.current_password:
        errors["current_password"] = ["The current password field is required."]
    elif not await verify_password(data.current_password, member.password_hash or None):
        errors["current_password"] = ["The current password is incorrect."]
    rules = password_errors(
        ctx, data.password, confirmation=data.password_confirmation, confirm=True
    )
    if rules:
        errors["password"] = rules
    if errors:
        raise ValidationFailed(errors)
    member.password_hash = await hash_password(data.password)
    token = ctx.principal.token
    await revoke_member_refresh_tokens(
        session, ctx=ctx, member_id=member.id, keep_family=token.family if token else None
    )
