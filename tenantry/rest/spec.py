"""What a REST route takes and answers, declared beside it and read by both sides.

The handler's Call refuses to read a query parameter or validate with a model its route does
not declare, and the OpenAPI document (tenantry/rest/openapi.py) is written from the same
declarations, so the document cannot promise one thing while the handler reads another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from tenantry.core.pagination import MAX_PAGE, MAX_PER_PAGE

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"

STRING: Mapping[str, Any] = {"type": "string"}
INTEGER: Mapping[str, Any] = {"type": "integer"}
BOOLEAN_TEXT: Mapping[str, Any] = {"type": "string", "enum": ["true", "false", "1", "0"]}
ANY_OBJECT: Mapping[str, Any] = {"type": "object"}


@dataclass(frozen=True)
class Param:
    """A query parameter, or a request header the handler reads (`Idempotency-Key`)."""

    name: str
    schema: Mapping[str, Any] = field(default_factory=lambda: dict(STRING))
    description: str = ""
    required: bool = False


@dataclass(frozen=True)
class Body:
    """A request body. `models` are what the handler validates it with; the wire shape is theirs
    unless `schema` gives it (a body with no model, or one the handler reshapes first), `wrap`
    nests it under one key (dialect C's `{"post": {...}}`), and `fields` gives the schema of the
    properties whose wire form differs (dialect B's `"ord_12"` for an integer id) or that the
    handler reads beside the model."""

    models: tuple[type[BaseModel], ...] = ()
    schema: Mapping[str, Any] | None = None
    wrap: str | None = None
    fields: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    media: tuple[str, ...] = (JSON,)
    required: bool = True

    @classmethod
    def of(cls, *models: type[BaseModel], **options: Any) -> Body:
        return cls(models=models, **options)


@dataclass(frozen=True)
class Spec:
    query: tuple[Param, ...] = ()
    # Query parameters read by a model (validated with it, named by its fields).
    query_models: tuple[type[BaseModel], ...] = ()
    # Every query parameter is read (call.query_items()); a Param says how they are named
    # (dialect A's `filter[field][op]=value`), documented as a deepObject parameter.
    open_query: bool | Param = False
    body: Body | None = None
    headers: tuple[Param, ...] = ()
    status: int = 200
    # Other success statuses the route may answer (201 when it made a thing, 200 when it was
    # already there).
    also: tuple[int, ...] = ()
    produces: str = JSON
    # The route's own error bodies, where it answers the seed's shapes instead of the dialect's.
    error_schema: Mapping[str, Any] | None = None

    @property
    def query_names(self) -> frozenset[str]:
        names = {param.name for param in self.query}
        for model in self.query_models:
            names |= set(model.model_fields)
        return frozenset(names)

    @property
    def models(self) -> frozenset[type[BaseModel]]:
        body = self.body.models if self.body is not None else ()
        return frozenset((*body, *self.query_models))


class UndeclaredInput(RuntimeError):
    """A handler read input its route does not declare: the route's spec is out of date."""


PAGE = Param("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, "1-based page.")
PER_PAGE = Param(
    "per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}, "Items per page."
)
PAGED = (PAGE, PER_PAGE)
IDEMPOTENCY_KEY = Param(
    "Idempotency-Key",
    {"type": "string", "minLength": 1, "maxLength": 255},
    "Repeating a request with the same key answers the first answer instead of acting twice.",
)
