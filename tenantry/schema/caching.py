"""Which GraphQL requests may be answered from the response cache, and under which key.

Anonymous queries whose every root field is a public read (catalog, blog, boards, ...) qualify:
their answer depends on the tenant, the document, the variables and the database, never on
cookies. Signed-in members share those answers for the roots in SAME_FOR_MEMBERS, whose answers
do not depend on which member asks (staff and secret keys, who see drafts and inactive rows,
never do). The answer must also come back without errors and the operation must write nothing
(tenantry.schema.unit_of_work fills in the ticket).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Hashable
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, Final

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.requests import Request

from tenantry.auth.principal import ANONYMOUS, Principal
from tenantry.core.context import TenantInfo
from tenantry.serving.response_cache import Ticket

# Roots whose answers are the same for every member as for an anonymous visitor. Everything
# they can reach that has a resolver of its own is listed in REVIEWED_FOR_MEMBERS: a test fails
# when a new one appears, so that someone checks it does not read the member before adding it.
SAME_FOR_MEMBERS: Final = frozenset(
    {
        "site",
        "blogPosts",
        "blogPost",
        "blogCategories",
        "blogTags",
        "products",
        "product",
        "productCategories",
        "productCategory",
        "relatedProducts",
        "bundleItems",
        "__typename",
    }
)
# Roots an anonymous visitor's answers may be cached for: the above, and reads whose answers a
# member may see differently (their own hidden review, a members-only board, their enrolment).
PUBLIC_READS: Final = SAME_FOR_MEMBERS | {
    "productReviews",
    "courses",
    "course",
    "boards",
    "board",
    "boardPosts",
    "boardPost",
    "shopPosts",
    "shopPost",
    "landingPages",
    "landingPage",
}
REVIEWED_FOR_MEMBERS: Final = frozenset(
    {
        "Site.currency",
        "Site.formatPrice",
        "BlogPost.author",
        "BlogPost.category",
        "BlogPost.tags",
        "BlogCategory.postCount",
        "BlogTag.postCount",
        "Product.availableQuantity",
        "Product.inStock",
        "Product.category",
        "Product.images",
        "Product.variants",  # inactive variants for admins only
        "Product.rating",
        "Product.bundleItems",
        "ProductCategory.productCount",
        "ProductCategory.children",
        "ProductCategory.parent",
        "ProductCategory.breadcrumbs",
        "ProductBundleItem.product",
        "ProductBundleItem.variant",
    }
)

# Longer documents or variables are answered without the cache (and never parsed for it).
MAX_CACHED_DOCUMENT: Final = 16 * 1024

# The request being answered for the cache, if any: read by the unit-of-work extension.
current_ticket: ContextVar[Ticket | None] = ContextVar("current_ticket", default=None)


def is_public_read(document: str, operation_name: str | None) -> bool:
    return _roots_within(document, operation_name, PUBLIC_READS)


def is_same_for_members(document: str, operation_name: str | None) -> bool:
    return _roots_within(document, operation_name, SAME_FOR_MEMBERS)


@lru_cache(maxsize=2048)
def _roots_within(document: str, operation_name: str | None, allowed: frozenset[str]) -> bool:
    """Whether the document's operation is a query whose root fields are all in allowed."""
    try:
        parsed = parse(document)
    except GraphQLError:
        return False
    operations = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation != OperationType.QUERY:
        return False
    return all(
        isinstance(selection, FieldNode)
        and selection.name.value in allowed
        and not selection.directives
        for selection in operations[0].selection_set.selections
    )


async def cache_key(request: Request) -> Hashable | None:
    """The request's key in the response cache, or None if its answer must be computed."""
    state = request.scope.get("state") or {}
    tenant: TenantInfo | None = state.get("tenant")
    principal: Principal = state.get("principal") or ANONYMOUS
    member = principal.is_member and not principal.is_admin
    if tenant is None or (principal != ANONYMOUS and not member):
        return None
    payload = await _payload(request)
    if payload is None:
        return None
    document, variables, operation_name = (
        payload.get("query"),
        payload.get("variables"),
        payload.get("operationName"),
    )
    if not isinstance(document, str) or not isinstance(operation_name, str | None):
        return None
    if len(document) > MAX_CACHED_DOCUMENT:
        return None  # storefront reads are short; long documents are not worth the memory
    if isinstance(variables, str):
        try:
            variables = json.loads(variables)
        except ValueError:
            return None
    if not isinstance(variables, dict | None) or not is_public_read(document, operation_name):
        return None
    if member and not is_same_for_members(document, operation_name):
        return None
    canonical = json.dumps(variables or {}, sort_keys=True, separators=(",", ":"))
    if len(canonical) > MAX_CACHED_DOCUMENT:
        return None
    # A digest, so that what the cache holds per entry does not grow with what clients send.
    key = f"{document}\0{operation_name}\0{canonical}".encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(key).digest()
    return (tenant.id, digest)


async def _payload(request: Request) -> dict[str, Any] | None:
    if request.method == "GET":
        return dict(request.query_params)
    content_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if request.method != "POST" or content_type != "application/json":
        return None
    try:
        payload = json.loads(await request.body())
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None
