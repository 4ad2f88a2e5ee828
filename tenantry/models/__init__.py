"""Every table, imported so that SQLModel.metadata knows them all."""

from tenantry.models.base import TenantOwned, tenant_owned_models
from tenantry.models.blog import BlogCategory, BlogPost, BlogPostStatus, BlogPostTag, BlogTag
from tenantry.models.mail import MailOutbox, MailStatus
from tenantry.models.member import (
    Member,
    PasswordReset,
    RefreshToken,
    RevokedAccessToken,
    TokenAudience,
)
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

__all__ = [
    "ApiKey",
    "ApiKeyKind",
    "BlogCategory",
    "BlogPost",
    "BlogPostStatus",
    "BlogPostTag",
    "BlogTag",
    "MailOutbox",
    "MailStatus",
    "Member",
    "PasswordReset",
    "Plan",
    "RefreshToken",
    "RevokedAccessToken",
    "Staff",
    "StaffRole",
    "Tenant",
    "TenantDomain",
    "TenantOwned",
    "TenantStatus",
    "TokenAudience",
    "tenant_owned_models",
]
