"""Tenants, their domains, API keys and staff accounts. Called with a system session."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import EmailStr, TypeAdapter
from pydantic import ValidationError as PydanticError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.auth.api_keys import PREFIXES, generate_api_key, hash_api_key
from tenantry.auth.passwords import hash_password
from tenantry.clock import utcnow
from tenantry.core.errors import Conflict, NotFound, ValidationFailed
from tenantry.models.tenant import (
    ApiKey,
    ApiKeyKind,
    Plan,
    Staff,
    StaffRole,
    Tenant,
    TenantDomain,
    TenantStatus,
)

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
RESERVED_SLUGS = frozenset({"shop_auth", "graphql", "admin", "api", "v1", "static", "media"})
CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")

_EMAIL: TypeAdapter[str] = TypeAdapter(EmailStr)


@dataclass(frozen=True)
class TenantIn:
    slug: str
    name: str
    domains: tuple[str, ...] = ()
    plan: Plan = Plan.STARTER
    currency: str = "USD"
    locale: str = "en"
    timezone: str = "UTC"
    description: str = ""


async def create_tenant(session: AsyncSession, *, data: TenantIn) -> Tenant:
    errors: dict[str, list[str]] = {}
    if not SLUG_PATTERN.match(data.slug) or data.slug in RESERVED_SLUGS:
        errors["slug"] = ["The slug must be 2-63 lowercase letters, digits or hyphens."]
    if not data.name.strip():
        errors["name"] = ["The name field is required."]
    if not CURRENCY_PATTERN.match(data.currency):
        errors["currency"] = ["The currency must be a three-letter ISO code."]
    if errors:
        raise ValidationFailed(errors)
    existing = await session.scalar(select(Tenant.id).where(col(Tenant.slug) == data.slug))
    if existing is not None:
        raise Conflict(f"A tenant with slug {data.slug!r} already exists.", code="slug_taken")
    tenant = Tenant(
        slug=data.slug,
        name=data.name.strip(),
        description=data.description,
        plan=data.plan,
        currency=data.currency,
        locale=data.locale,
        timezone=data.timezone,
    )
    session.add(tenant)
    await session.flush()
    for host in data.domains:
        await add_domain(session, tenant_id=_id(tenant), host=host)
    return tenant


async def add_domain(session: AsyncSession, *, tenant_id: int, host: str) -> TenantDomain:
    domain = TenantDomain(tenant_id=tenant_id, host=normalize_host(host))
    session.add(domain)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict(f"The domain {host!r} is already taken.", code="domain_taken") from None
    return domain


def normalize_host(host: str) -> str:
    return host.strip().lower().split(":", 1)[0].rstrip(".")


async def get_tenant_by_slug(session: AsyncSession, *, slug: str) -> Tenant:
    tenant = await session.scalar(select(Tenant).where(col(Tenant.slug) == slug))
    if tenant is None:
        raise NotFound("tenant")
    return tenant


async def set_tenant_status(session: AsyncSession, *, slug: str, status: TenantStatus) -> Tenant:
    tenant = await get_tenant_by_slug(session, slug=slug)
    tenant.status = status
    await session.flush()
    return tenant


async def create_api_key(
    session: AsyncSession,
    *,
    tenant_id: int,
    kind: ApiKeyKind,
    name: str = "",
    plan: Plan | None = None,
) -> tuple[ApiKey, str]:
    """Returns the stored key and its plaintext, which is never stored and shown only once."""
    tenant = await session.get(Tenant, tenant_id)
    if tenant is None:
        raise NotFound("tenant")
    plaintext = generate_api_key(kind)
    key = ApiKey(
        tenant_id=tenant_id,
        kind=kind,
        name=name,
        prefix=plaintext[: len(PREFIXES[kind]) + 6],
        key_hash=hash_api_key(plaintext),
        plan=plan or Plan(tenant.plan),
    )
    session.add(key)
    await session.flush()
    return key, plaintext


async def revoke_api_key(session: AsyncSession, *, tenant_id: int, key_id: int) -> ApiKey:
    key = await session.scalar(
        select(ApiKey).where(col(ApiKey.id) == key_id, col(ApiKey.tenant_id) == tenant_id)
    )
    if key is None:
        raise NotFound("API key")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        await session.flush()
    return key


async def create_staff(
    session: AsyncSession,
    *,
    tenant_id: int,
    email: str,
    password: str,
    name: str = "",
    role: StaffRole = StaffRole.AGENT,
) -> Staff:
    email = email.strip().lower()
    try:
        _EMAIL.validate_python(email)  # the rule staffLogin's input applies
    except PydanticError:
        raise ValidationFailed.single(
            "email", "The email field must be a valid email address."
        ) from None
    if len(password) < 8:
        raise ValidationFailed.single(
            "password", "The password field must be at least 8 characters."
        )
    exists = await session.scalar(
        select(Staff.id).where(col(Staff.tenant_id) == tenant_id, col(Staff.email) == email)
    )
    if exists is not None:
        raise Conflict("A staff account with this email already exists.", code="email_taken")
    staff = Staff(
        tenant_id=tenant_id,
        email=email,
        name=name,
        password_hash=await hash_password(password),
        role=role,
    )
    session.add(staff)
    await session.flush()
    return staff


def _id(tenant: Tenant) -> int:
    assert tenant.id is not None
    return tenant.id
