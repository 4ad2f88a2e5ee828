"""The OpenAPI 3.1 document of the three REST dialects, written from the routes themselves.

Paths and methods come from the Starlette routes, inputs from each route's Spec (the same
declarations its handler is held to, see tenantry/rest/spec.py), error answers from the
dialect's envelope. Nothing here is written by hand per route, so the document cannot drift.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pydantic import BaseModel
from starlette.routing import BaseRoute, Mount, Route

from tenantry.rest.endpoint import spec_of
from tenantry.rest.spec import JSON, Body, Param, Spec
from tenantry.serving.credentials import SESSION_COOKIE
from tenantry.serving.dialects import Dialect, classify

_PATH_PARAM = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(?::([a-z]+))?}")

_TAGS = {
    Dialect.PLATFORM: (
        "platform",
        "Dialect A, the platform API: /api/{tenant}/…, member and staff bearer tokens.",
    ),
    Dialect.COMMERCE: (
        "commerce",
        "Dialect B, the commerce API: /v1/…, the tenant's secret key as a bearer token.",
    ),
    Dialect.SHOP: (
        "shop",
        "Dialect C, the shop posts API: the shop's own domain (the tenant comes from Host), "
        "shop tokens or the session cookie.",
    ),
}

_SECURITY: dict[Dialect, list[dict[str, list[str]]]] = {
    Dialect.PLATFORM: [{}, {"bearer": []}],
    Dialect.COMMERCE: [{"bearer": []}, {"apiKey": []}],
    Dialect.SHOP: [{}, {"bearer": []}, {"session": []}],
}

_ERRORS: dict[Dialect, dict[str, Any]] = {
    Dialect.PLATFORM: {
        "type": "object",
        "required": ["message", "code"],
        "properties": {
            "message": {"type": "string"},
            "code": {"type": "string"},
            "errors": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
    Dialect.COMMERCE: {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["type", "message"],
                "properties": {
                    "type": {"type": "string"},
                    "message": {"type": "string"},
                    "param": {"type": ["string", "null"]},
                    "code": {"type": ["string", "null"]},
                    "decline_code": {"type": ["string", "null"]},
                    "payment": {"type": "string"},
                },
            }
        },
    },
    Dialect.SHOP: {
        "type": "object",
        "required": ["success", "error"],
        "properties": {
            "success": {"const": False},
            "error": {"type": "string"},
            "code": {"type": "string"},
            "validation_errors": {"type": "array", "items": {"type": "string"}},
        },
    },
}

# What a success answer is, by dialect: A and B answer an object; C answers an object or, for
# some lists, an array.
_SUCCESS: dict[Dialect, dict[str, Any]] = {
    Dialect.PLATFORM: {"type": "object"},
    Dialect.COMMERCE: {"type": "object"},
    Dialect.SHOP: {"type": ["object", "array"]},
}

_ERROR_STATUSES = {
    "4XX": "The request was refused; the body says why in the dialect's error envelope.",
    "503": "The service or this tenant's configuration is unavailable for now.",
}


def walk(routes: Sequence[BaseRoute], prefix: str = "") -> Iterator[tuple[str, Route]]:
    """Every Route with its full path template, through mounts."""
    for route in routes:
        if isinstance(route, Mount):
            yield from walk(route.routes, prefix + route.path)
        elif isinstance(route, Route):
            yield prefix + route.path, route


class _Builder:
    def __init__(self) -> None:
        self.schemas: dict[str, Any] = {}
        self._names: dict[type[BaseModel], str] = {}
        self.operation_ids: set[str] = set()

    def model_schema(self, model: type[BaseModel]) -> dict[str, Any]:
        """The model's validation schema with its nested models moved to components."""
        schema = model.model_json_schema(
            mode="validation", ref_template="#/components/schemas/{model}"
        )
        for name, nested in schema.pop("$defs", {}).items():
            self.schemas.setdefault(name, nested)
        return schema

    def model_ref(self, model: type[BaseModel]) -> dict[str, Any]:
        name = self._names.get(model)
        if name is None:
            name = model.__name__
            if name in self.schemas:
                name = f"{model.__module__.rsplit('.', 1)[-1]}_{name}"
            self._names[model] = name
            self.schemas[name] = self.model_schema(model)
        return {"$ref": f"#/components/schemas/{name}"}

    def body_schema(self, body: Body) -> dict[str, Any]:
        if body.schema is not None:
            schema: dict[str, Any] = copy.deepcopy(dict(body.schema))
        elif len(body.models) == 1 and not body.fields:
            schema = self.model_ref(body.models[0])
        elif body.models:
            shapes = [self._reshaped(model, body.fields) for model in body.models]
            schema = shapes[0] if len(shapes) == 1 else {"anyOf": shapes}
        else:
            schema = {"type": "object"}
        if body.wrap is not None:
            schema = {"type": "object", "required": [body.wrap], "properties": {body.wrap: schema}}
        return schema

    def _reshaped(
        self, model: type[BaseModel], fields: Mapping[str, Mapping[str, Any]]
    ) -> dict[str, Any]:
        schema = self.model_schema(model)
        properties = schema.setdefault("properties", {})
        for name, wire in fields.items():
            properties[name] = dict(wire)
        return schema

    def operation_id(self, dialect: Dialect, name: str) -> str:
        base = f"{dialect.value}_{name}"
        candidate, n = base, 1
        while candidate in self.operation_ids:
            n += 1
            candidate = f"{base}_{n}"
        self.operation_ids.add(candidate)
        return candidate

    def query_parameters(self, spec: Spec) -> list[dict[str, Any]]:
        given = {param.name: param for param in spec.query}
        found: list[dict[str, Any]] = []
        for model in spec.query_models:
            schema = self.model_schema(model)
            required = set(schema.get("required", []))
            for name, field_schema in schema.get("properties", {}).items():
                if name in given:
                    continue
                field = _query_field(field_schema)
                parameter = _parameter(name, "query", field, required)
                if "description" in field:
                    parameter["description"] = field.pop("description")
                found.append(parameter)
        found[:0] = [_parameter_of(param, "query") for param in spec.query]
        found.extend(_parameter_of(param, "header") for param in spec.headers)
        if isinstance(spec.open_query, Param):
            found.append({**_parameter_of(spec.open_query, "query"), "style": "deepObject"})
        elif spec.open_query:
            found.append(
                {
                    "name": "filters",
                    "in": "query",
                    "style": "form",
                    "explode": True,
                    "description": "Any other parameter filters the list by that field.",
                    "schema": {"type": "object", "additionalProperties": {"type": "string"}},
                }
            )
        return found

    def operation(self, path: str, route: Route, spec: Spec, dialect: Dialect) -> dict[str, Any]:
        name = route.name
        parameters = [
            {
                "name": param,
                "in": "path",
                "required": True,
                "schema": {"type": "integer"} if convertor == "int" else {"type": "string"},
            }
            for param, convertor in _PATH_PARAM.findall(path)
        ]
        parameters.extend(self.query_parameters(spec))
        success: dict[str, Any] = {"description": "Success."}
        if spec.produces == JSON:
            success["content"] = {JSON: {"schema": _SUCCESS[dialect]}}
        elif spec.produces:
            success["content"] = {spec.produces: {}}
        responses: dict[str, Any] = {str(status): success for status in (spec.status, *spec.also)}
        envelope = {"$ref": f"#/components/schemas/{dialect}_error"}
        error = dict(spec.error_schema) if spec.error_schema is not None else envelope
        for status, description in _ERROR_STATUSES.items():
            responses[status] = {"description": description, "content": {JSON: {"schema": error}}}
        operation: dict[str, Any] = {
            "operationId": self.operation_id(dialect, name),
            "summary": name.replace("_", " ").capitalize() + ".",
            "tags": [_TAGS[dialect][0]],
            "security": _SECURITY[dialect],
            "parameters": parameters,
            "responses": responses,
        }
        doc = (route.endpoint.__doc__ or "").strip()
        if doc:
            operation["description"] = doc
        if spec.body is not None:
            operation["requestBody"] = {
                "required": spec.body.required,
                "content": {
                    media: {"schema": self.body_schema(spec.body)} for media in spec.body.media
                },
            }
        return operation


def _rename(path: str, template: str) -> str:
    """path's parameters named as template's, keeping path's convertors."""
    names = iter(re.findall(r"{(\w+)}", template))
    return _PATH_PARAM.sub(
        lambda match: "{" + next(names) + (":" + match.group(2) if match.group(2) else "") + "}",
        path,
    )


def _parameter_of(param: Param, where: str) -> dict[str, Any]:
    found = _parameter(
        param.name, where, dict(param.schema), {param.name} if param.required else set()
    )
    if param.description:
        found["description"] = param.description
    return found


def _parameter(name: str, where: str, schema: dict[str, Any], required: set[str]) -> dict[str, Any]:
    return {"name": name, "in": where, "required": name in required, "schema": schema}


def _query_field(schema: dict[str, Any]) -> dict[str, Any]:
    """A query model's field as a parameter: a query string has no null (an absent parameter
    is the default), so an optional field's null branch goes."""
    branches = schema.get("anyOf")
    if isinstance(branches, list):
        kept = [branch for branch in branches if branch.get("type") != "null"]
        if len(kept) == 1:
            rest = {key: value for key, value in schema.items() if key not in ("anyOf", "default")}
            return {**rest, **kept[0]}
    return schema


def document(routes: Sequence[BaseRoute], *, version: str) -> dict[str, Any]:
    builder = _Builder()
    paths: dict[str, dict[str, Any]] = {}
    shapes: dict[str, str] = {}
    for path, route in walk(routes):
        spec = spec_of(route.endpoint)
        dialect = classify(path).dialect
        if spec is None or dialect not in _TAGS:
            continue
        openapi_path = _PATH_PARAM.sub(lambda match: "{" + match.group(1) + "}", path)
        # /comments/{page_slug} and /comments/{id} are one path to OpenAPI: the first name
        # stands for both (the server reads the segment by position).
        shape = re.sub(r"{\w+}", "{}", openapi_path)
        openapi_path = shapes.setdefault(shape, openapi_path)
        path = _rename(path, openapi_path)
        for method in sorted((route.methods or set()) - {"HEAD"}):
            operation = builder.operation(openapi_path, route, spec, dialect)
            paths.setdefault(openapi_path, {})[method.lower()] = operation
    for dialect, schema in _ERRORS.items():
        builder.schemas[f"{dialect}_error"] = schema
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "tenantry REST API",
            "version": version,
            "description": (
                "The REST compatibility layer: three dialects, each path for path as its "
                "original API documents it. GraphQL at /graphql serves everything too."
            ),
        },
        "tags": [{"name": tag, "description": text} for tag, text in _TAGS.values()],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": dict(sorted(builder.schemas.items())),
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
                "session": {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE},
            },
        },
    }
