"""One schema assembled from the per-domain modules' Query, Mutation and Subscription types."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import strawberry
from graphql import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from tenantry.config import Settings
from tenantry.schema.errors import DomainErrors, log_errors
from tenantry.schema.execution import FastLeavesExecutionContext
from tenantry.schema.limits import Limits, operation_limits
from tenantry.schema.literals import StorableLiterals
from tenantry.schema.observe import OperationMetrics
from tenantry.schema.transport import SubscriptionsNeedSockets
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
    "tenantry.schema.reservation_payments",
    "tenantry.schema.social",
)


def _collect(kind: str) -> tuple[type[Any], ...]:
    found = []
    for name in DOMAINS:
        module = import_module(name)
        if hasattr(module, kind):
            found.append(getattr(module, kind))
    return tuple(found)


class Schema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_errors(errors)


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    settings = settings or Settings()
    query = merge_types("Query", _collect("Query"))
    # The same rules for every operation of this schema: OperationLimits caches validation
    # results by the document's text.
    limits = [
        *QueryDepthLimiter(max_depth=settings.graphql_max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases).validation_rules,
        StorableLiterals,
    ]
    # In production the schema is not for browsing: no introspection, no "Did you mean …".
    closed = not settings.introspection_enabled
    if closed:
        limits.append(NoSchemaIntrospectionCustomRule)
    mutations = _collect("Mutation")
    subscriptions = _collect("Subscription")
    return Schema(
        query=query,
        mutation=merge_types("Mutation", mutations) if mutations else None,
        subscription=merge_types("Subscription", subscriptions) if subscriptions else None,
        execution_context_class=FastLeavesExecutionContext,
        config=StrawberryConfig(disable_field_suggestions=closed),
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
            SubscriptionsNeedSockets,
            OperationMetrics,
            DomainErrors,
            UnitOfWorkExtension,
        ],
    )


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
