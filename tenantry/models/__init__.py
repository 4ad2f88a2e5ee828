"""Every table, imported so that SQLModel.metadata knows them all."""

from tenantry.models.agents import AgentConfig, AgentExecution, ExecutionStatus, FaqEntry
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
from tenantry.models.chat import (
    AgentPresence,
    ChatMessage,
    Conversation,
    ConversationStatus,
    PresenceStatus,
    SenderType,
)
from tenantry.models.community import (
    Audience,
    Board,
    BoardPost,
    BoardType,
    Comment,
    CommentLike,
    CommentTarget,
)
from tenantry.models.coupon import Coupon, CouponAssignment, CouponRedemption, CouponType
from tenantry.models.courses import Course, Enrollment, Lesson, LessonProgress
from tenantry.models.download import DownloadGrant
from tenantry.models.entities import Entity, EntityRecord
from tenantry.models.event import DomainEvent, IdempotencyRecord
from tenantry.models.forms import Form, FormSubmission
from tenantry.models.mail import MailOutbox, MailStatus
from tenantry.models.media import Media
from tenantry.models.member import (
    Member,
    PasswordReset,
    RefreshToken,
    RevokedAccessToken,
    TokenAudience,
)
from tenantry.models.order import Customer, Order, OrderItem, OrderStatus, OrderStatusChange
from tenantry.models.reviews import Review, ReviewHelpfulVote
from tenantry.models.shop_posts import Feedback, LandingPage, ShopPost
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
from tenantry.models.wishlist import WishlistItem

__all__ = [
    "AgentConfig",
    "AgentExecution",
    "AgentPresence",
    "ApiKey",
    "ApiKeyKind",
    "Audience",
    "BillingInterval",
    "BlogCategory",
    "BlogPost",
    "BlogPostStatus",
    "BlogPostTag",
    "BlogTag",
    "Board",
    "BoardPost",
    "BoardType",
    "BundleItem",
    "Cart",
    "CartItem",
    "ChatMessage",
    "Comment",
    "CommentLike",
    "CommentTarget",
    "Conversation",
    "ConversationStatus",
    "Coupon",
    "CouponAssignment",
    "CouponRedemption",
    "CouponType",
    "Course",
    "Customer",
    "DomainEvent",
    "DownloadGrant",
    "Enrollment",
    "Entity",
    "EntityRecord",
    "ExecutionStatus",
    "FaqEntry",
    "Feedback",
    "Form",
    "FormSubmission",
    "IdempotencyRecord",
    "LandingPage",
    "Lesson",
    "LessonProgress",
    "MailOutbox",
    "MailStatus",
    "Media",
    "Member",
    "Order",
    "OrderItem",
    "OrderStatus",
    "OrderStatusChange",
    "PasswordReset",
    "Plan",
    "PresenceStatus",
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
    "SenderType",
    "ShopPost",
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
