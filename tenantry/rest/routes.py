"""The REST compatibility layer: every dialect's route modules, gathered per mount point."""

from __future__ import annotations

from importlib import import_module

from starlette.routing import BaseRoute

PLATFORM = (
    "auth",
    "site",
    "blog",
    "cart",
    "coupons",
    "products",
    "orders",
    "wishlist",
    "reviews",
    "downloads",
    "courses",
    "boards",
    "comments",
    "media",
    "forms",
    "agents",
    "entities",
    "chat",
    "chat_agent",
)  # /api/{tenant}/...
SHOP_AUTH = ("auth",)  # /api/shop_auth/...
# the shop's own domain: /posts, /lp.json, /feedbacks.json
SHOP = ("posts", "landing_pages", "feedback")
COMMERCE: tuple[str, ...] = ("products", "orders", "customers")  # /v1/...


def _gather(package: str, names: tuple[str, ...]) -> list[BaseRoute]:
    routes: list[BaseRoute] = []
    for name in names:
        routes.extend(import_module(f"tenantry.rest.{package}.{name}").routes)
    return routes


def platform_routes() -> list[BaseRoute]:
    return _gather("platform", PLATFORM)


def shop_auth_routes() -> list[BaseRoute]:
    return _gather("shop_posts", SHOP_AUTH)


def shop_routes() -> list[BaseRoute]:
    return _gather("shop_posts", SHOP)


def commerce_routes() -> list[BaseRoute]:
    return _gather("commerce", COMMERCE)
