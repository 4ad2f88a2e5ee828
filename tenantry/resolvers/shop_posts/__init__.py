"""The shop posts API (dialect C): posts with body_data, landing pages, feedback."""

from tenantry.resolvers.shop_posts.access import is_writer, public_read, require_reader
from tenantry.resolvers.shop_posts.body_data import body_data_errors
from tenantry.resolvers.shop_posts.feedback import (
    create_feedback,
    list_feedbacks,
    per_ip_limit,
    structured,
)
from tenantry.resolvers.shop_posts.inputs import (
    BodyDataIn,
    FeedbackIn,
    LandingPageFilters,
    LandingPageIn,
    LandingPageUpdate,
    PostFilters,
    PostIn,
    PostUpdate,
    page_request,
    parse_with_body_data,
)
from tenantry.resolvers.shop_posts.landing_pages import (
    PAGE_NOT_FOUND,
    copy_landing_page,
    create_landing_page,
    delete_landing_page,
    get_landing_page,
    list_landing_pages,
    update_landing_page,
)
from tenantry.resolvers.shop_posts.posts import (
    POST_NOT_FOUND,
    create_post,
    delete_post,
    get_post,
    list_posts,
    update_body_data,
    update_post,
)

__all__ = [
    "PAGE_NOT_FOUND",
    "POST_NOT_FOUND",
    "BodyDataIn",
    "FeedbackIn",
    "LandingPageFilters",
    "LandingPageIn",
    "LandingPageUpdate",
    "PostFilters",
    "PostIn",
    "PostUpdate",
    "body_data_errors",
    "copy_landing_page",
    "create_feedback",
    "create_landing_page",
    "create_post",
    "delete_landing_page",
    "delete_post",
    "get_landing_page",
    "get_post",
    "is_writer",
    "list_feedbacks",
    "list_landing_pages",
    "list_posts",
    "page_request",
    "parse_with_body_data",
    "per_ip_limit",
    "public_read",
    "require_reader",
    "structured",
    "update_body_data",
    "update_landing_page",
    "update_post",
]
