"""Site information: `site { name currency { … } formatPrice(amount:) }`. Public."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from tenantry.money import Currency as CurrencyRow
from tenantry.money import format_price
from tenantry.resolvers import site
from tenantry.schema.context import GraphQLContext


@strawberry.type(description="How the site writes prices; amounts are integers in minor units.")
class Currency:
    code: str
    symbol: str
    decimals: int
    symbol_position: str = strawberry.field(description="Where the symbol goes: before or after.")
    thousands_separator: str
    decimal_separator: str
    example: str

    @classmethod
    def from_currency(cls, currency: CurrencyRow) -> Currency:
        return cls(
            code=currency.code,
            symbol=currency.symbol,
            decimals=currency.decimals,
            symbol_position=currency.symbol_position,
            thousands_separator=currency.thousands_separator,
            decimal_separator=currency.decimal_separator,
            example=currency.example,
        )


@strawberry.type
class Site:
    name: str
    slug: str
    description: str
    locale: str
    timezone: str
    settings: JSON = strawberry.field(description="The tenant's public settings only.")
    currency_code: strawberry.Private[str]

    @strawberry.field
    def currency(self, info: Info[GraphQLContext, None]) -> Currency:
        return Currency.from_currency(site.get_currency(ctx=info.context.ctx))

    @strawberry.field(description="An amount in minor units as text, e.g. 2999 USD is $29.99.")
    def format_price(self, amount: int) -> str:
        return format_price(amount, self.currency_code)


@strawberry.type
class Query:
    @strawberry.field(description="The current tenant's public site information.")
    def site(self, info: Info[GraphQLContext, None]) -> Site:
        found = site.get_site(ctx=info.context.ctx)
        return Site(
            name=found.name,
            slug=found.slug,
            description=found.description,
            locale=found.locale,
            timezone=found.timezone,
            settings=JSON(found.settings),
            currency_code=found.currency,
        )
