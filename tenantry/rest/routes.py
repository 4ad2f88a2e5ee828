"""The REST compatibility layer: every dialect's route modules, gathered per mount point.

Every module of a dialect's package that defines `routes` is gathered, so a new area is a new
module and nothing else. No two modules of a package serve the same path, so the order they
are gathered in (by name) decides nothing.
"""

from __future__ import annotations

from importlib import import_module
from pkgutil import iter_modules
from types import ModuleType

from starlette.routing import BaseRoute, Mount

SHOP_AUTH = "auth"  # dialect C's sign-in, mounted at /api/shop_auth/...


def area_modules(package: str, *, leave_out: frozenset[str] = frozenset()) -> list[ModuleType]:
    """The modules of tenantry.rest.<package> that define routes, by name."""
    path = import_module(f"tenantry.rest.{package}").__path__
    found = sorted(module.name for module in iter_modules(path) if module.name not in leave_out)
    modules = [import_module(f"tenantry.rest.{package}.{name}") for name in found]
    return [module for module in modules if hasattr(module, "routes")]


def _gather(package: str, *, leave_out: frozenset[str] = frozenset()) -> list[BaseRoute]:
    routes: list[BaseRoute] = []
    for module in area_modules(package, leave_out=leave_out):
        routes.extend(module.routes)
    return routes


def platform_routes() -> list[BaseRoute]:
    """Dialect A, /api/{tenant}/..."""
    return _gather("platform")


def shop_auth_routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = import_module(f"tenantry.rest.shop_posts.{SHOP_AUTH}").routes
    return routes


def shop_routes() -> list[BaseRoute]:
    """Dialect C on the shop's own domain: /posts, /lp.json, /feedbacks.json."""
    return _gather("shop_posts", leave_out=frozenset({SHOP_AUTH}))


def commerce_routes() -> list[BaseRoute]:
    """Dialect B, /v1/..."""
    return _gather("commerce")


def all_routes() -> list[BaseRoute]:
    """Every dialect's routes where the app mounts them."""
    return [
        Mount("/api/shop_auth", routes=shop_auth_routes()),
        Mount("/api/{tenant}", routes=platform_routes()),
        Mount("/v1", routes=commerce_routes()),
        *shop_routes(),
    ]
