"""Every table, imported so that SQLModel.metadata knows them all."""

from tenantry.models.base import TenantOwned, tenant_owned_models
from tenantry.models.blog import BlogCategory, BlogPost, BlogPostStatus, BlogPostTag, BlogTag
from tenantry.models.cart import Cart, CartItem
from tenantry.models.catalog import (
    BillingInterval,
    BundleItem,
    Product,
    ProductCategory,
    ProductFile,
    ProductImage,
    ProductStatus,
    ProductType,
    ProductVariant,
    RelatedProduct,
)
from tenantry.models.coupon import Coupon, CouponAssignment, CouponRedemption, CouponType
from tenantry.models.download import DownloadGrant
from tenantry.models.engagement import Review, ReviewHelpfulVote, WishlistItem
from tenantry.models.event import DomainEvent, IdempotencyRecord
from tenantry.models.mail import MailOutbox, MailStatus
from tenantry.models.member import (
    Member,
    PasswordReset,
    RefreshToken,
    RevokedAccessToken,
    TokenAudience,
)
from tenantry.models.order import Customer, Order, OrderItem, OrderStatus, OrderStatusChange
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
    "BillingInterval",
    "BlogCategory",
    "BlogPost",
    "BlogPostStatus",
    "BlogPostTag",
    "BlogTag",
    "BundleItem",
    "Cart",
    "CartItem",
    "Coupon",
    "CouponAssignment",
    "CouponRedemption",
    "CouponType",
    "Customer",
    "DomainEvent",
    "DownloadGrant",
    "IdempotencyRecord",
    "MailOutbox",
    "MailStatus",
    "Member",
    "Order",
    "OrderItem",
    "OrderStatus",
    "OrderStatusChange",
    "PasswordReset",
    "Plan",
    "Product",
    "ProductCategory",
    "ProductFile",
    "ProductImage",
    "ProductStatus",
    "ProductType",
    "ProductVariant",
    "RefreshToken",
    "RelatedProduct",
    "Review",
    "ReviewHelpfulVote",
    "RevokedAccessToken",
    "Staff",
    "StaffRole",
    "Tenant",
    "TenantDomain",
    "TenantOwned",
    "TenantStatus",
    "TokenAudience",
    "WishlistItem",
    "tenant_owned_models",
]
