"""Outgoing webhooks: endpoints, the events they receive, deliveries and their attempts.

The worker that sends them is `tenantry/serving/webhook_worker.py`; the domain steps it takes
(dispatch, claim, record) are here.
"""

from tenantry.resolvers.webhooks.deliveries import (
    EndpointHealth,
    attempts_by_delivery_ids,
    list_deliveries,
    redeliver,
    webhook_health,
)
from tenantry.resolvers.webhooks.endpoints import (
    EVERY_EVENT,
    EndpointIn,
    EndpointUpdateIn,
    WithSecret,
    create_endpoint,
    delete_endpoint,
    get_endpoint,
    list_endpoints,
    roll_secret,
    update_endpoint,
)
from tenantry.resolvers.webhooks.event_log import get_event, list_events
from tenantry.resolvers.webhooks.objects import (
    ENDPOINT_PREFIX,
    EVENT_PREFIX,
    endpoint_object,
    event_object,
    event_ref,
    payload,
)

__all__ = [
    "ENDPOINT_PREFIX",
    "EVENT_PREFIX",
    "EVERY_EVENT",
    "EndpointHealth",
    "EndpointIn",
    "EndpointUpdateIn",
    "WithSecret",
    "attempts_by_delivery_ids",
    "create_endpoint",
    "delete_endpoint",
    "endpoint_object",
    "event_object",
    "event_ref",
    "get_endpoint",
    "get_event",
    "list_deliveries",
    "list_endpoints",
    "list_events",
    "payload",
    "redeliver",
    "roll_secret",
    "update_endpoint",
    "webhook_health",
]
