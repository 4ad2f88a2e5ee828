"""The posts query behind GET /posts, GET /posts/search and the shopPosts field."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, or_
from sqlmodel import col, select

from tenantry.db.json_search import has_key, value_equals
from tenantry.models.shop_posts import ShopPost
from tenantry.resolvers.shop_posts.inputs import PostFilters


def posts_query(filters: PostFilters, *, include_inactive: bool, dialect: str) -> Select[Any]:
    """Newest first. Without include_inactive, inactive posts are left out whatever is asked."""
    query: Select[Any] = select(ShopPost)
    if not include_inactive:
        query = query.where(col(ShopPost.active).is_(True))
    if filters.active is not None:
        query = query.where(col(ShopPost.active).is_(filters.active))
    if filters.category_id is not None:
        query = query.where(col(ShopPost.category_id) == filters.category_id)
    if filters.post_type:
        query = query.where(col(ShopPost.post_type) == filters.post_type)
    terms = (filters.query or "").strip()
    if terms:
        # A substring match (ILIKE on PostgreSQL, LIKE on SQLite: ASCII case folding there).
        query = query.where(
            or_(
                col(ShopPost.title).icontains(terms, autoescape=True),
                col(ShopPost.content).icontains(terms, autoescape=True),
            )
        )
    if filters.body_data_key:
        body_data = col(ShopPost.body_data)
        key = filters.body_data_key
        if filters.body_data_value is None:
            query = query.where(has_key(body_data, key, dialect=dialect))
        else:
            query = query.where(
                value_equals(body_data, key, filters.body_data_value, dialect=dialect)
            )
    return query.order_by(col(ShopPost.created_at).desc(), col(ShopPost.id).desc())
