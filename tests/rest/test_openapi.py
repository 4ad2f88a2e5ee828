"""The OpenAPI document: checked in fresh, served with a page that works offline, and honest
about every route (the handlers are held to the declarations it is written from)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.requests import Request

from tenantry.core.context import Ctx
from tenantry.resolvers import members
from tenantry.rest import routes
from tenantry.rest.api_docs import openapi_document, openapi_text
from tenantry.rest.endpoint import Call, spec_of
from tenantry.rest.openapi import walk
from tenantry.rest.spec import PAGED, Body, Spec, UndeclaredInput
from tests.conftest import Factory

OPENAPI_FILE = Path(__file__).resolve().parents[2] / "openapi.json"


def test_checked_in_document_is_current() -> None:
    assert OPENAPI_FILE.exists(), "openapi.json is missing: run `make openapi`"
    assert OPENAPI_FILE.read_text() == openapi_text(), "openapi.json is stale: run `make openapi`"


def test_every_rest_route_is_documented_with_its_methods() -> None:
    document = openapi_document()
    # Templates that differ only in their parameters' names are one path to OpenAPI.
    by_shape = {re.sub(r"{\w+}", "{}", path): item for path, item in document["paths"].items()}
    seen = 0
    for path, route in walk(routes.all_routes()):
        assert spec_of(route.endpoint) is not None, f"{path} is not built with endpoint()"
        shape = re.sub(r"{\w+(?::\w+)?}", "{}", path)
        for method in (route.methods or set()) - {"HEAD"}:
            assert method.lower() in by_shape[shape], f"{method} {path}"
            seen += 1
    operations = [op for item in document["paths"].values() for op in item.values()]
    assert len(operations) == seen > 150
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids))


def test_each_path_parameter_is_declared() -> None:
    for path, item in openapi_document()["paths"].items():
        named = set(re.findall(r"{(\w+)}", path))
        for operation in item.values():
            declared = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert declared == named, path


def test_a_body_is_its_model_schema_and_the_dialects_error_envelopes_are_named() -> None:
    document = openapi_document()
    register = document["paths"]["/api/{tenant}/auth/register"]["post"]
    assert register["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/RegisterIn"
    }
    schema = document["components"]["schemas"]["RegisterIn"]
    assert set(schema["required"]) >= {"email", "password"}
    assert "201" in register["responses"]
    assert register["tags"] == ["platform"]
    login = document["paths"]["/api/{tenant}/auth/login"]["post"]
    wire = login["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert wire["cart_token"] == {"type": "string"}  # read beside the model
    error = register["responses"]["4XX"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/platform_error"}
    forms = document["paths"]["/api/{tenant}/my/submissions"]["get"]
    assert [p["name"] for p in forms["parameters"] if p["in"] == "query"] == ["page", "per_page"]


def _call(spec: Spec, query: str = "") -> Call:
    scope: dict[str, Any] = {
        "type": "http",
        "method": "GET",
        "path": "/api/shop/things",
        "query_string": query.encode(),
        "headers": [],
    }
    return Call(Request(scope), Ctx.__new__(Ctx), None, None, spec)  # type: ignore[arg-type]


def test_a_handler_reading_undeclared_input_is_stopped() -> None:
    call = _call(Spec(query=PAGED), "page=2&secret=1")
    assert call.query("page") == "2"
    with pytest.raises(UndeclaredInput, match="'secret'"):
        call.query("secret")
    with pytest.raises(UndeclaredInput, match="every query parameter"):
        call.query_items()
    with pytest.raises(UndeclaredInput, match="LoginIn"):
        call.parse(members.LoginIn, {"email": "a@example.com", "password": "x"})
    declared = _call(Spec(body=Body.of(members.LoginIn)))
    parsed = declared.parse(members.LoginIn, {"email": "a@example.com", "password": "x"})
    assert parsed.email == "a@example.com"


async def test_reading_an_undeclared_body_is_stopped() -> None:
    with pytest.raises(UndeclaredInput, match="body"):
        await _call(Spec()).json()


async def test_served_document_and_offline_reference_page(client: httpx.AsyncClient) -> None:
    served = await client.get("/openapi.json")
    assert served.status_code == 200
    assert served.headers["content-type"] == "application/json"
    assert served.json() == json.loads(OPENAPI_FILE.read_text())
    page = await client.get("/docs")
    assert page.status_code == 200
    external = re.findall(r"(?:src|href)=\"(https?://[^\"]+)", page.text)
    assert external == []
    assert 'spec-url="/openapi.json"' in page.text
    script = re.search(r'<script src="([^"]+)"', page.text)
    assert script is not None
    asset = await client.get(script.group(1))
    assert asset.status_code == 200
    assert asset.headers["content-type"].startswith("text/javascript")
    assert b"Redoc" in asset.content[:2000]


async def test_documented_paths_answer_in_their_dialect(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    """A sample of the document, walked for real: the path exists and answers its envelope."""
    tenant = await factory.tenant()
    answer = await client.get(f"/api/{tenant.slug}/forms")
    assert answer.status_code == 200
    assert "data" in answer.json()
    answer = await client.get(
        "/v1/products", headers={"Authorization": f"Bearer {tenant.secret_key}"}
    )
    assert answer.status_code == 200
    assert answer.json()["data"] == []
