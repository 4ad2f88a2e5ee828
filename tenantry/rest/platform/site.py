"""Dialect A site info: GET /site, GET /site/currency. Public."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.resolvers import site
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json


async def show_site(call: Call) -> Response:
    """The tenant's public profile: name, locale, timezone, currency and settings."""
    info = site.get_site(ctx=call.ctx)
    return json(
        {
            "data": {
                "name": info.name,
                "slug": info.slug,
                "description": info.description,
                "locale": info.locale,
                "timezone": info.timezone,
                "currency": info.currency,
                "settings": info.settings,
            }
        }
    )


async def show_currency(call: Call) -> Response:
    """How the tenant's currency is written: symbol, decimals and separators."""
    currency = site.get_currency(ctx=call.ctx)
    return json(
        {
            "data": {
                "code": currency.code,
                "symbol": currency.symbol,
                "decimals": currency.decimals,
                "symbol_position": currency.symbol_position,
                "thousands_separator": currency.thousands_separator,
                "decimal_separator": currency.decimal_separator,
                "example": currency.example,
            }
        }
    )


routes: list[BaseRoute] = [
    Route("/site", endpoint(show_site, public_read=True), methods=["GET"]),
    Route("/site/currency", endpoint(show_currency, public_read=True), methods=["GET"]),
]
