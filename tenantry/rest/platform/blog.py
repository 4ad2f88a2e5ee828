"""Dialect A blog: GET /blog, /blog/{slug}, /blog/categories, /blog/tags."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.pagination import PageRequest
from tenantry.models.blog import BlogCategory, BlogPost, BlogTag
from tenantry.models.tenant import Staff
from tenantry.resolvers import blog
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta, whole_list_meta
from tenantry.rest.spec import PAGED, Param

LIST_QUERY = (
    *PAGED,
    Param("category", description="Only posts in the category with this slug."),
    Param("tag", description="Only posts with the tag of this slug."),
    Param("search", description="Full-text search; best match first."),
)


def category_json(category: BlogCategory | None) -> dict[str, Any] | None:
    if category is None:
        return None
    return {"id": category.id, "name": category.name, "slug": category.slug}


def tag_json(tag: BlogTag) -> dict[str, Any]:
    return {"id": tag.id, "name": tag.name, "slug": tag.slug}


def author_json(author: Staff | None) -> dict[str, Any] | None:
    return {"id": author.id, "name": author.name} if author else None


def post_json(post: BlogPost, relations: blog.PostRelations, now: datetime) -> dict[str, Any]:
    return {
        "id": post.id,
        "title": post.title,
        "slug": post.slug,
        "excerpt": post.excerpt,
        "cover_image": post.cover_image,
        "status": blog.public_status(post, now).value,
        "published_at": iso(post.published_at),
        "view_count": post.view_count,
        "category": category_json(relations.category(post)),
        "tags": [tag_json(tag) for tag in relations.tags_of(post)],
        "author": author_json(relations.author(post)),
        "created_at": iso(post.created_at),
        "updated_at": iso(post.updated_at),
    }


async def list_blog_posts(call: Call) -> Response:
    """Published posts, newest first (best match first when searching)."""
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    filters = blog.PostFilters(
        category=call.query("category") or None,
        tag=call.query("tag") or None,
        search=call.query("search") or None,
    )
    found = await blog.list_posts(call.session, ctx=call.ctx, filters=filters, page=page)
    relations = await blog.load_relations(call.session, found.items)
    now = call.ctx.now()
    return json(
        {
            "data": [post_json(post, relations, now) for post in found.items],
            "meta": page_meta(found),
        }
    )


async def show_blog_post(call: Call) -> Response:
    """A published post by slug with its content (HTML and Markdown); counts a view."""
    post = await blog.get_post(call.session, ctx=call.ctx, slug=call.path("slug"))
    relations = await blog.load_relations(call.session, [post])
    data = post_json(post, relations, call.ctx.now())
    data["content"] = post.content_html
    data["content_markdown"] = post.content
    return json({"data": data})


async def list_blog_categories(call: Call) -> Response:
    """Every category with its number of published posts."""
    found = await blog.list_categories(call.session, ctx=call.ctx)
    return json(
        {
            "data": [
                {
                    "id": item.category.id,
                    "name": item.category.name,
                    "slug": item.category.slug,
                    "description": item.category.description,
                    "posts_count": item.post_count,
                }
                for item in found
            ],
            "meta": whole_list_meta(len(found)),
        }
    )


async def list_blog_tags(call: Call) -> Response:
    """Every tag with its number of published posts."""
    found = await blog.list_tags(call.session, ctx=call.ctx)
    return json(
        {
            "data": [
                {
                    "id": item.tag.id,
                    "name": item.tag.name,
                    "slug": item.tag.slug,
                    "posts_count": item.post_count,
                }
                for item in found
            ],
            "meta": whole_list_meta(len(found)),
        }
    )


# The fixed paths come before /blog/{slug}; posts may not take those two slugs.
routes: list[BaseRoute] = [
    Route("/blog", endpoint(list_blog_posts, query=LIST_QUERY, public_read=True), methods=["GET"]),
    Route("/blog/categories", endpoint(list_blog_categories, public_read=True), methods=["GET"]),
    Route("/blog/tags", endpoint(list_blog_tags, public_read=True), methods=["GET"]),
    Route("/blog/{slug}", endpoint(show_blog_post, public_read=True), methods=["GET"]),
]
