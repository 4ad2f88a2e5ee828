"""One schema assembled from the per-domain modules' Query, Mutation and Subscription types."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)
from strawberry.tools import merge_types

from tenantry.config import Settings
from tenantry.schema.errors import DomainErrors
from tenantry.schema.execution import FastLeavesExecutionContext
from tenantry.schema.limits import Limits, operation_limits
from tenantry.schema.literals import StorableLiterals
from tenantry.schema.unit_of_work import UnitOfWorkExtension

DOMAINS = (
    "tenantry.schema.viewer",
    "tenantry.schema.auth",
    "tenantry.schema.site",
    "tenantry.schema.blog",
    "tenantry.schema.staff",
    "tenantry.schema.cart",
    "tenantry.schema.coupons",
    "tenantry.schema.catalog",
    "tenantry.schema.orders",
    "tenantry.schema.customers",
    "tenantry.schema.wishlist",
    "tenantry.schema.reviews",
    "tenantry.schema.downloads",
    "tenantry.schema.courses",
    "tenantry.schema.boards",
    "tenantry.schema.comments",
    "tenantry.schema.entities",
    "tenantry.schema.agents",
    "tenantry.schema.media",
    "tenantry.schema.forms",
    "tenantry.schema.chat",
    "tenantry.schema.shop_posts",
    "tenantry.schema.payments",
    "tenantry.schema.payments.cards",
    "tenantry.schema.webhooks",
    "tenantry.schema.payments.toss",
    "tenantry.schema.payments.stripe",
    "tenantry.schema.subscriptions",
    "tenantry.schema.reservations",
)


def _collect(kind: str) -> tuple[type[Any], ...]:
    found = []
    for name in DOMAINS:
        module = import_module(name)
        if hasattr(module, kind):
            found.append(getattr(module, kind))
    return tuple(found)


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    settings = settings or Settings()
    query = merge_types("Query", _collect("Query"))
    # Rule classes built once: the validation cache is keyed by them, so fresh classes per
    # operation would make every request miss it.
    limits = [
        *QueryDepthLimiter(max_depth=settings.graphql_max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases).validation_rules,
        StorableLiterals,
    ]
    mutations = _collect("Mutation")
    subscriptions = _collect("Subscription")
    return strawberry.Schema(
        query=query,
        mutation=merge_types("Mutation", mutations) if mutations else None,
        subscription=merge_types("Subscription", subscriptions) if subscriptions else None,
        execution_context_class=FastLeavesExecutionContext,
        extensions=[
            lambda: AddValidationRules(limits),
            lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
            operation_limits(
                Limits(
                    max_bytes=settings.graphql_max_document_bytes,
                    max_fields=settings.graphql_max_fields,
                    max_repeats=settings.graphql_max_repeats,
                    max_cost=settings.graphql_max_cost,
                    cache_bytes=settings.graphql_cache_bytes,
                    max_subscriptions=settings.ws_max_subscriptions,
                )
            ),
            DomainErrors,
            UnitOfWorkExtension,
        ],
    )


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
