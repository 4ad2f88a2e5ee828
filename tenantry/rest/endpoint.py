"""The frame around every REST handler: context in, one transaction, the dialect's envelope out."""

from __future__ import annotations

import hashlib
import json as jsonlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response

from tenantry.auth.principal import ANONYMOUS
from tenantry.core.context import Ctx
from tenantry.core.errors import BadRequest, DomainError, NotFound
from tenantry.core.inputs import parse_input
from tenantry.db.unit_of_work import UnitOfWork
from tenantry.rest.envelopes import render_error, server_error, shop_error
from tenantry.rest.spec import JSON, Body, Param, Spec, UndeclaredInput
from tenantry.serving.dialects import Dialect, Route
from tenantry.serving.hygiene import TooDeep, check_json, check_text, text_problem
from tenantry.serving.response_cache import ResponseCache, Ticket
from tenantry.serving.services import Services

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)


@dataclass
class Call:
    request: Request
    ctx: Ctx
    uow: UnitOfWork
    services: Services
    spec: Spec

    @property
    def session(self) -> AsyncSession:
        return self.uow.session

    def path(self, name: str) -> str:
        """A path segment; one no row could be named by (a NUL in it) names nothing."""
        value = str(self.request.path_params[name])
        if text_problem(value) is not None:
            raise NotFound()
        return value

    def query(self, name: str, default: str | None = None) -> str | None:
        if name not in self.spec.query_names:
            raise UndeclaredInput(f"{self._route()} reads query parameter {name!r} undeclared")
        value = self.request.query_params.get(name, default)
        return check_text(name, value) if value is not None else None

    def header(self, name: str) -> str | None:
        if name.lower() not in {param.name.lower() for param in self.spec.headers}:
            raise UndeclaredInput(f"{self._route()} reads header {name!r} undeclared")
        return self.request.headers.get(name)

    def query_items(self) -> list[tuple[str, str]]:
        """Every query parameter, checked like query()."""
        if not self.spec.open_query:
            raise UndeclaredInput(f"{self._route()} reads every query parameter undeclared")
        items = self.request.query_params.multi_items()
        # A name that is not text is named "query": its own text cannot be shown.
        return [(check_text("query", name), check_text(name, value)) for name, value in items]

    async def json(self, *, finite: bool = True) -> dict[str, Any]:
        """The body as a JSON object; an empty body is an empty object. finite=False leaves
        NaN and Infinity to a domain that refuses them in its own words."""
        if self.spec.body is None:
            raise UndeclaredInput(f"{self._route()} reads a body it does not declare")
        raw = await self.request.body()
        if not raw.strip():
            return {}
        try:
            data = jsonlib.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise BadRequest("Malformed JSON body.", code="malformed_json") from None
        except RecursionError:
            raise TooDeep() from None
        if not isinstance(data, dict):
            raise BadRequest("The request body must be a JSON object.", code="body_not_object")
        check_json(data, finite=finite)
        return data

    def parse(self, model: type[M], data: Any) -> M:
        """The input validated with `model`, which the route must declare."""
        if model not in self.spec.models:
            raise UndeclaredInput(f"{self._route()} validates with {model.__name__} undeclared")
        return parse_input(model, data)

    def _route(self) -> str:
        return f"{self.request.method} {self.request.url.path}"


Handler = Callable[[Call], Awaitable[Response]]


def services_of(request: Request) -> Services:
    services: Services = request.scope["state"]["services"]
    return services


def build_ctx(request: Request) -> Ctx:
    state = request.scope["state"]
    tenant = state.get("tenant")
    if tenant is None:
        raise NotFound("tenant", "Tenant not found.")
    services = services_of(request)
    client = request.client.host if request.client else None
    return Ctx(
        tenant=tenant,
        settings=services.settings,
        principal=state.get("principal") or ANONYMOUS,
        clock=services.clock,
        client_ip=client,
        throttle=services.rate_limiter,
    )


def endpoint(
    handler: Handler,
    *,
    query: tuple[Param, ...] = (),
    query_models: tuple[type[BaseModel], ...] = (),
    open_query: bool | Param = False,
    body: Body | None = None,
    headers: tuple[Param, ...] = (),
    status: int = 200,
    also: tuple[int, ...] = (),
    produces: str = JSON,
    error_schema: Mapping[str, Any] | None = None,
    validation_message: str | None = None,
    public_read: bool = False,
) -> Callable[[Request], Awaitable[Response]]:
    """The route's input and answer are declared here (see tenantry/rest/spec.py).

    public_read: an anonymous GET whose answer depends only on the URL and the database may
    be answered from the response cache (see tenantry/serving/response_cache.py)."""
    spec = Spec(
        query=query,
        query_models=query_models,
        open_query=open_query,
        body=body,
        headers=headers,
        status=status,
        also=also,
        produces=produces,
        error_schema=error_schema,
    )

    async def run(request: Request) -> Response:
        route: Route = request.scope["state"]["route"]
        services = services_of(request)
        uow: UnitOfWork | None = None
        try:
            ctx = build_ctx(request)
            cache = _cache_for(request, services, ctx) if public_read else None
            url = str(request.url).encode()
            key = ("rest", ctx.tenant.id, hashlib.sha256(url).digest())
            if cache is not None:
                hit = cache.get(key, now=ctx.now().timestamp())
                if hit is not None:
                    return Response(hit, media_type=JSON_TYPE, headers={"X-Cache": "hit"})
            uow = services.db.unit(ctx.tenant.id)
            ticket = None
            if cache is not None:
                ticket = cache.ticket(key, ctx.tenant.id)
                uow.tables_read = set()
            response = await handler(Call(request, ctx, uow, services, spec))
            wrote = uow.wrote
            await uow.commit()
            if cache is not None and ticket is not None and uow.tables_read is not None:
                _remember(cache, ticket, response, wrote=wrote, tables=uow.tables_read, ctx=ctx)
            return response
        except DomainError as exc:
            if uow is not None:
                await (uow.commit() if exc.keep_changes else uow.rollback())
            if route.dialect is Dialect.SHOP and validation_message:
                return shop_error(exc, validation_message=validation_message)
            return render_error(route.dialect, exc)
        except Exception:
            log.exception("unhandled error in %s %s", request.method, request.url.path)
            if uow is not None:
                await uow.rollback()
            return server_error(route.dialect)
        finally:
            if uow is not None:
                await uow.close()

    run.__name__ = handler.__name__
    run.__doc__ = handler.__doc__
    setattr(run, SPEC_ATTRIBUTE, spec)
    return run


SPEC_ATTRIBUTE = "rest_spec"


def spec_of(route_endpoint: Callable[..., Any]) -> Spec | None:
    spec = getattr(route_endpoint, SPEC_ATTRIBUTE, None)
    return spec if isinstance(spec, Spec) else None


JSON_TYPE = "application/json"
# Headers a cached answer can do without: it is stored as its body and served as JSON.
_PLAIN_HEADERS = frozenset({"content-type", "content-length"})


def _cache_for(request: Request, services: Services, ctx: Ctx) -> ResponseCache | None:
    if request.method != "GET" or ctx.principal != ANONYMOUS:
        return None
    return services.response_cache


def _remember(
    cache: ResponseCache,
    ticket: Ticket,
    response: Response,
    *,
    wrote: bool,
    tables: set[str],
    ctx: Ctx,
) -> None:
    body = getattr(response, "body", None)
    storable = (
        not wrote
        and response.status_code == 200
        and isinstance(body, bytes)
        and response.media_type == JSON_TYPE
        and set(response.headers) <= _PLAIN_HEADERS
    )
    if storable:
        ticket.tables, ticket.cacheable = frozenset(tables), True
    stored = storable and cache.put(ticket, bytes(body or b""), now=ctx.now().timestamp())
    response.headers["X-Cache"] = "miss" if stored else "bypass"
