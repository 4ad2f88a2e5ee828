"""Product reviews by buyers: eligibility, writes, helpful votes, lists and rating summaries."""

from tenantry.resolvers.reviews.eligibility import (
    PURCHASED_STATUSES,
    Eligibility,
    Ineligible,
    check_eligibility,
    purchase_order_id,
)
from tenantry.resolvers.reviews.inputs import (
    MAX_IMAGES,
    ReviewIn,
    ReviewQuery,
    ReviewSort,
    ReviewUpdate,
)
from tenantry.resolvers.reviews.queries import (
    ProductReviews,
    ReviewSummary,
    get_review,
    helpful_review_ids,
    list_my_reviews,
    list_product_reviews,
    members_by_ids,
    review_summary,
    viewer_member_id,
)
from tenantry.resolvers.reviews.votes import HelpfulVote, toggle_helpful
from tenantry.resolvers.reviews.writes import (
    AlreadyReviewed,
    NotPurchased,
    create_review,
    delete_review,
    set_review_visibility,
    update_review,
)

__all__ = [
    "MAX_IMAGES",
    "PURCHASED_STATUSES",
    "AlreadyReviewed",
    "Eligibility",
    "HelpfulVote",
    "Ineligible",
    "NotPurchased",
    "ProductReviews",
    "ReviewIn",
    "ReviewQuery",
    "ReviewSort",
    "ReviewSummary",
    "ReviewUpdate",
    "check_eligibility",
    "create_review",
    "delete_review",
    "get_review",
    "helpful_review_ids",
    "list_my_reviews",
    "list_product_reviews",
    "members_by_ids",
    "purchase_order_id",
    "review_summary",
    "set_review_visibility",
    "toggle_helpful",
    "update_review",
    "viewer_member_id",
]
