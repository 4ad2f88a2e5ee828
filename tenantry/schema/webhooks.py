"""Webhooks over GraphQL, for owner/admin staff and secret keys: endpoints, their deliveries
and attempts, redelivery, and the queue's health."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from tenantry.core.ids import parse_id
from tenantry.core.inputs import parse_input
from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.models import webhooks as rows
from tenantry.resolvers import webhooks
from tenantry.schema.context import GraphQLContext
from tenantry.schema.dataloaders import batch_loader
from tenantry.schema.ids import graphql_id
from tenantry.schema.inputs import input_data
from tenantry.schema.pagination import PageInfo

GQLInfo = Info[GraphQLContext, None]
ATTEMPTS = "webhook_attempts_by_delivery_id"

strawberry.enum(rows.DeliveryStatus, name="WebhookDeliveryStatus")


def attempts_by_delivery_id(
    context: GraphQLContext,
) -> DataLoader[int, list[rows.WebhookAttempt]]:
    return batch_loader(context, ATTEMPTS, webhooks.attempts_by_delivery_ids, [])


@strawberry.type
class WebhookEndpoint:
    id: strawberry.ID
    url: str
    enabled_events: list[str]
    description: str
    disabled: bool
    disabled_reason: str | None
    created_at: datetime

    @classmethod
    def from_model(cls, row: rows.WebhookEndpoint) -> WebhookEndpoint:
        return cls(
            id=graphql_id(row.id),
            url=row.url,
            enabled_events=list(row.enabled_events),
            description=row.description,
            disabled=row.disabled,
            disabled_reason=row.disabled_reason,
            created_at=row.created_at,
        )


@strawberry.type(description="An endpoint with its signing secret: shown only when it is made.")
class WebhookEndpointWithSecret:
    endpoint: WebhookEndpoint
    secret: str


@strawberry.type
class WebhookAttempt:
    attempted_at: datetime
    status_code: int | None
    duration_ms: int
    response_body: str = strawberry.field(description="The first kilobyte of the answer.")
    error: str | None


@strawberry.type
class WebhookDelivery:
    id: strawberry.ID
    event_id: strawberry.ID
    status: rows.DeliveryStatus
    attempt_count: int
    next_attempt_at: datetime
    delivered_at: datetime | None
    created_at: datetime
    row_id: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: rows.WebhookDelivery) -> WebhookDelivery:
        assert row.id is not None
        return cls(
            id=graphql_id(row.id),
            event_id=strawberry.ID(webhooks.event_ref(row.event_id)),
            status=rows.DeliveryStatus(row.status),
            attempt_count=row.attempts,
            next_attempt_at=row.next_attempt_at,
            delivered_at=row.delivered_at,
            created_at=row.created_at,
            row_id=row.id,
        )

    @strawberry.field(description="Every attempt, oldest first.")
    async def attempts(self, info: GQLInfo) -> list[WebhookAttempt]:
        loader = attempts_by_delivery_id(info.context)
        return [
            WebhookAttempt(
                attempted_at=a.attempted_at,
                status_code=a.status_code,
                duration_ms=a.duration_ms,
                response_body=a.response_body,
                error=a.error,
            )
            for a in await loader.load(self.row_id)
        ]


@strawberry.type
class WebhookDeliveryPage:
    items: list[WebhookDelivery]
    page_info: PageInfo


@strawberry.type(description="How an endpoint's deliveries are going.")
class WebhookEndpointHealth:
    endpoint: WebhookEndpoint
    queued: int = strawberry.field(description="Deliveries not yet made.")
    oldest_undelivered_at: datetime | None
    failed_last_day: int = strawberry.field(description="Failed attempts in the last 24 hours.")


@strawberry.input
class CreateWebhookEndpointInput:
    url: str
    enabled_events: list[str] = strawberry.field(description='Event types, or ["*"].')
    description: str | None = strawberry.UNSET


@strawberry.input
class UpdateWebhookEndpointInput:
    url: str | None = strawberry.UNSET
    enabled_events: list[str] | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    disabled: bool | None = strawberry.UNSET


@strawberry.type
class Query:
    @strawberry.field(description="Staff: the site's webhook endpoints, newest first.")
    async def webhook_endpoints(self, info: GQLInfo) -> list[WebhookEndpoint]:
        context = info.context
        found = await webhooks.list_endpoints(
            context.session, ctx=context.ctx, page=PageRequest(page=1, per_page=100)
        )
        return [WebhookEndpoint.from_model(row) for row in found.items]

    @strawberry.field(description="Staff: an endpoint's deliveries, newest first.")
    async def webhook_deliveries(
        self,
        info: GQLInfo,
        endpoint_id: strawberry.ID,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
    ) -> WebhookDeliveryPage:
        context = info.context
        found = await webhooks.list_deliveries(
            context.session,
            ctx=context.ctx,
            endpoint_id=parse_id(endpoint_id, "webhook_endpoint"),
            page=PageRequest.parse(page, per_page),
        )
        return WebhookDeliveryPage(
            items=[WebhookDelivery.from_model(row) for row in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field(description="Staff: per endpoint, what waits and what failed lately.")
    async def webhook_health(self, info: GQLInfo) -> list[WebhookEndpointHealth]:
        context = info.context
        found = await webhooks.webhook_health(context.session, ctx=context.ctx)
        return [
            WebhookEndpointHealth(
                endpoint=WebhookEndpoint.from_model(item.endpoint),
                queued=item.queued,
                oldest_undelivered_at=item.oldest_undelivered_at,
                failed_last_day=item.failed_last_day,
            )
            for item in found
        ]


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Staff: registers an endpoint; answers its secret once.")
    async def create_webhook_endpoint(
        self, info: GQLInfo, input: CreateWebhookEndpointInput
    ) -> WebhookEndpointWithSecret:
        context = info.context
        data = parse_input(webhooks.EndpointIn, input_data(input))
        made = await webhooks.create_endpoint(context.session, ctx=context.ctx, data=data)
        return WebhookEndpointWithSecret(
            endpoint=WebhookEndpoint.from_model(made.endpoint), secret=made.secret
        )

    @strawberry.mutation(description="Staff: changes an endpoint's url, events or state.")
    async def update_webhook_endpoint(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateWebhookEndpointInput
    ) -> WebhookEndpoint:
        context = info.context
        data = parse_input(webhooks.EndpointUpdateIn, input_data(input))
        row = await webhooks.update_endpoint(
            context.session,
            ctx=context.ctx,
            endpoint_id=parse_id(id, "webhook_endpoint"),
            data=data,
        )
        return WebhookEndpoint.from_model(row)

    @strawberry.mutation(description="Staff: deletes an endpoint with its delivery log.")
    async def delete_webhook_endpoint(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await webhooks.delete_endpoint(
            context.session, ctx=context.ctx, endpoint_id=parse_id(id, "webhook_endpoint")
        )
        return True

    @strawberry.mutation(
        description="Staff: a new signing secret; the old one keeps signing for 24 hours."
    )
    async def roll_webhook_secret(
        self, info: GQLInfo, id: strawberry.ID
    ) -> WebhookEndpointWithSecret:
        context = info.context
        made = await webhooks.roll_secret(
            context.session, ctx=context.ctx, endpoint_id=parse_id(id, "webhook_endpoint")
        )
        return WebhookEndpointWithSecret(
            endpoint=WebhookEndpoint.from_model(made.endpoint), secret=made.secret
        )

    @strawberry.mutation(description="Staff: sends a delivery's event to its endpoint again.")
    async def redeliver_webhook(self, info: GQLInfo, delivery_id: strawberry.ID) -> WebhookDelivery:
        context = info.context
        row = await webhooks.redeliver(
            context.session, ctx=context.ctx, delivery_id=parse_id(delivery_id, "webhook_delivery")
        )
        return WebhookDelivery.from_model(row)
