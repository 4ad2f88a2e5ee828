from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from tenantry import __version__
from tenantry.agents import runner
from tenantry.agents.reaper import keep_failing_abandoned
from tenantry.config import Settings
from tenantry.core.errors import BadRequest, DomainError, NotFound
from tenantry.mail import wait_for_deliveries
from tenantry.middleware import RequestContextMiddleware
from tenantry.realtime.table_changes import TableChangeRelay
from tenantry.rest import routes
from tenantry.rest.api_docs import docs_routes
from tenantry.rest.commerce.ratelimit import CommerceRateLimitMiddleware
from tenantry.rest.envelopes import render_error
from tenantry.rest.media_files import serve_media
from tenantry.schema import build_schema
from tenantry.schema.sockets import SocketRegistry
from tenantry.schema.view import GraphQLView
from tenantry.serving import graphiql
from tenantry.serving.dialects import classify
from tenantry.serving.hold_sweeper import HoldSweeper
from tenantry.serving.metrics import Metrics, MetricsMiddleware, metrics_endpoint
from tenantry.serving.readiness import readyz
from tenantry.serving.services import Services
from tenantry.serving.webhook_worker import WebhookWorker

log = logging.getLogger(__name__)


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def index(request: Request) -> Response:
    """What this server is and where to go next, for whoever opens its root."""
    return JSONResponse(
        {
            "name": "tenantry",
            "version": __version__,
            "graphql": "/graphql (or /api/{tenant}/graphql); GraphiQL on GET where enabled",
            "rest": "/api/{tenant}/… (platform API), /v1/… (commerce API), shop posts API",
            "openapi": {"document": "/openapi.json", "reference": "/docs"},
            "health": {"live": "/healthz", "ready": "/readyz"},
        }
    )


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    dialect = classify(request.url.path).dialect
    error: DomainError
    if exc.status_code == 404:
        error = NotFound("resource", "Not found.")
    elif exc.status_code == 405:
        error = BadRequest("Method not allowed.")
    else:
        error = BadRequest(str(exc.detail))
    response = render_error(dialect, error)
    if exc.status_code == 405:
        response.status_code = 405
    return response


def create_app(settings: Settings | None = None, *, services: Services | None = None) -> Starlette:
    settings = settings or Settings()
    services = services or Services.from_settings(settings)
    graphql = GraphQLView(
        build_schema(settings),
        graphql_ide="graphiql" if settings.graphiql_enabled else None,
        allowed_origins=settings.cors_origins,
        sockets=SocketRegistry(
            per_client=settings.ws_max_per_client, recheck_seconds=settings.ws_recheck_seconds
        ),
    )

    metrics = Metrics()
    ide_routes: list[Route] = []
    if settings.graphiql_enabled:
        assets = f"{graphiql.ASSETS_PATH}/{{path:path}}"
        ide_routes.append(Route(assets, graphiql.serve_asset, methods=["GET", "HEAD"]))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await services.broadcast.connect()
        relay = None
        if services.response_cache is not None and settings.resolved_broadcast_url != "memory://":
            relay = TableChangeRelay(services.broadcast, services.db.stamps)
            await relay.start()
        # What start-up built (schema, mappers, settings) lives as long as the process: keep it
        # out of the collector's scans, which every request's allocations would otherwise repeat.
        gc.freeze()
        reaper = asyncio.create_task(keep_failing_abandoned(services.db, settings))
        stop_webhooks = asyncio.Event()
        webhooks = sweeper = None
        if settings.webhook_worker_in_process:
            worker = WebhookWorker(services.db, settings)
            webhooks = asyncio.create_task(worker.run(stop_webhooks))
            holds = HoldSweeper(services.db, settings, clock=lambda: services.clock.now())
            sweeper = asyncio.create_task(holds.run(stop_webhooks))
        try:
            yield
        finally:
            reaper.cancel()
            with suppress(asyncio.CancelledError):
                await reaper
            stop_webhooks.set()
            if webhooks is not None:
                await webhooks
            if sweeper is not None:
                await sweeper
            if relay is not None:
                await relay.stop()
            await wait_for_deliveries()
            await runner.shutdown()
            await services.broadcast.disconnect()
            await services.rate_limiter.close()
            await services.db.dispose()

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            *ide_routes,
            WebSocketRoute("/graphql", graphql),
            *docs_routes(),
            Route("/api/{tenant}/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/api/{tenant}/graphql", graphql),
            Route("/media/{path:path}", serve_media, methods=["GET", "HEAD"]),
            *routes.all_routes(),
        ],
        middleware=[
            Middleware(MetricsMiddleware, metrics=metrics),
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["*"],
                allow_headers=["*"],
                allow_credentials=True,
            ),
            Middleware(RequestContextMiddleware, services=services),
            Middleware(CommerceRateLimitMiddleware, limiter=services.rate_limiter),
        ],
        exception_handlers={HTTPException: http_error},
        lifespan=lifespan,
    )
    app.state.services = services
    app.state.metrics = metrics
    metrics.watch_broadcast(services.broadcast)
    pool = services.db.engine.pool
    if hasattr(pool, "checkedout"):
        metrics.watch_pool(pool.checkedout)
    return app
