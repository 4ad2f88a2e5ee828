"""Route modules are gathered by name, so no two modules of a dialect may serve the same path."""

from __future__ import annotations

import re

import pytest
from starlette.routing import Route

from tenantry.rest.routes import SHOP_AUTH, area_modules

AREAS = {
    "platform": area_modules("platform"),
    "commerce": area_modules("commerce"),
    "shop": area_modules("shop_posts", leave_out=frozenset({SHOP_AUTH})),
}


def example(path: str) -> str:
    """The path with a value in each parameter, as a client would send it."""
    values = {"int": "7", "path": "a/b"}
    return re.sub(r"\{\w+(?::(\w+))?\}", lambda m: values.get(m.group(1) or "", "x"), path)


@pytest.mark.parametrize("dialect", AREAS)
def test_no_two_modules_serve_the_same_path(dialect: str) -> None:
    routes = [
        (module.__name__, route)
        for module in AREAS[dialect]
        for route in module.routes
        if isinstance(route, Route)
    ]

    shared = [
        (route.path, other.path)
        for name, route in routes
        for other_name, other in routes
        if name != other_name and other.path_regex.match(example(route.path))
    ]

    assert len(routes) > 10
    assert shared == []


def test_modules_without_routes_are_left_out() -> None:
    names = [module.__name__.rsplit(".", 1)[1] for module in AREAS["commerce"]]

    assert names == ["customers", "orders", "payments", "products", "webhooks"]
