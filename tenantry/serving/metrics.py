"""Prometheus metrics, one registry per app: requests by route template, method, status and
dialect with their latency; GraphQL operations by name and outcome; open sockets and running
subscriptions; response-cache answers; database connections in use; pub/sub messages' delay from
publish to receipt, by broker; background queues' depths. `GET /metrics` serves them."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from broadcaster import Broadcast
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tenantry.realtime.broadcast import SafeBroadcast
from tenantry.serving.dialects import classify
from tenantry.serving.logs import access_log, request_scope
from tenantry.serving.queue_depths import QueueDepths

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
LAG_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        labels = ("method", "route", "status", "dialect")
        self.requests = Counter(
            "tenantry_http_requests", "HTTP requests answered.", labels, registry=self.registry
        )
        self.latency = Histogram(
            "tenantry_http_request_seconds",
            "Time to answer an HTTP request.",
            ("method", "route", "dialect"),
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.operations = Counter(
            "tenantry_graphql_operations",
            "GraphQL operations by name, type and outcome (ok or error).",
            ("operation", "type", "outcome"),
            registry=self.registry,
        )
        self.sockets = Gauge(
            "tenantry_websockets_open", "WebSockets open now.", registry=self.registry
        )
        self.subscriptions = Gauge(
            "tenantry_subscriptions_running",
            "GraphQL subscriptions running now.",
            registry=self.registry,
        )
        self.cache = Counter(
            "tenantry_response_cache",
            "Response-cache answers (hit, miss, bypass).",
            ("result",),
            registry=self.registry,
        )
        self.db_connections = Gauge(
            "tenantry_db_connections_in_use",
            "Database connections checked out of the pool.",
            registry=self.registry,
        )
        self.pubsub_lag = Histogram(
            "tenantry_pubsub_lag_seconds",
            "Time from a pub/sub message's publish to its receipt here, by broker kind.",
            ("broker",),
            buckets=LAG_BUCKETS,
            registry=self.registry,
        )
        self.queues = QueueDepths(
            Gauge(
                "tenantry_queue_depth",
                "Background work waiting, every tenant together "
                "(mail, agent_runs, webhook_deliveries).",
                ("queue",),
                registry=self.registry,
            )
        )

    def watch_broadcast(self, broadcast: Broadcast) -> None:
        if isinstance(broadcast, SafeBroadcast):
            broadcast.watch_lag(self._observe_lag)

    def _observe_lag(self, broker: str, seconds: float) -> None:
        self.pubsub_lag.labels(broker).observe(seconds)

    def watch_pool(self, checked_out: Callable[[], int]) -> None:
        self.db_connections.set_function(lambda: float(checked_out()))

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def route_template(scope: Scope) -> str:
    """The matched route's path as declared (ids left as `{id}`), or `unmatched`."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


class MetricsMiddleware:
    """Outermost: times and counts every HTTP request, counts sockets, writes the access log."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            self.metrics.sockets.inc()
            try:
                await self.app(scope, receive, send)
            finally:
                self.metrics.sockets.dec()
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        headers: list[tuple[bytes, bytes]] = []
        token = request_scope(scope)

        async def sending(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers") or [])
                headers.append((b"x-request-id", scope["state"]["request_id"].encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            took = time.perf_counter() - started
            self._record(scope, status, headers, took)
            access_log(scope, status, took)
            token.var.reset(token)

    def _record(
        self, scope: Scope, status: int, headers: list[tuple[bytes, bytes]], took: float
    ) -> None:
        method, route = scope["method"], route_template(scope)
        dialect = classify(scope["path"]).dialect.value
        self.metrics.requests.labels(method, route, str(status), dialect).inc()
        self.metrics.latency.labels(method, route, dialect).observe(took)
        cached = dict(headers).get(b"x-cache")
        if cached is not None:
            self.metrics.cache.labels(cached.decode()).inc()


async def metrics_endpoint(request: Request) -> Response:
    metrics: Any = request.app.state.metrics
    services: Any = request.app.state.services
    await metrics.queues.refresh(services.db)
    return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
