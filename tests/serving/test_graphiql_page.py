"""GraphiQL is our own page on files the app serves itself: no CDN, no tenant needed for the
files, the request's tenant written into the headers editor, nothing at all in production."""

from __future__ import annotations

import re
import tomllib
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

import tenantry
from tenantry.app import create_app
from tenantry.serving.graphiql import EXAMPLES, Example, new_nonce, render_page
from tenantry.serving.services import Services
from tests.conftest import Factory, make_settings
from tests.serving.graphiql_support import HTML, page_config

GRAPHIQL_JS = "/graphql/assets/graphiql-3.8.3/graphiql.min.js"
GRAPHIQL_CSS = "/graphql/assets/graphiql-3.8.3/graphiql.min.css"
REFERENCES = re.compile(r'(?:src|href)="([^"]*)"')


async def test_the_page_loads_only_files_the_server_serves(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    # when
    page = await client.get(f"/api/{tenant.slug}/graphql", headers=HTML)
    # then
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert not re.search(r"\b(?:https?|wss?)://", page.text, re.I), "the page names a host"
    references = [ref for ref in REFERENCES.findall(page.text) if not ref.startswith("data:")]
    assert all(ref.startswith("/") and not ref.startswith("//") for ref in references)
    assert GRAPHIQL_JS in references
    assert GRAPHIQL_CSS in references
    for reference in references:
        assert (await client.get(reference)).status_code == 200, reference


async def test_the_page_s_policy_lets_nothing_else_in(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    page = await client.get(f"/api/{tenant.slug}/graphql", headers=HTML)

    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "connect-src 'self'" in policy
    [nonce] = re.findall(r"'nonce-([^']+)'", policy)
    assert f'<script nonce="{nonce}">' in page.text
    assert page.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        (GRAPHIQL_JS, "text/javascript; charset=utf-8"),
        (GRAPHIQL_CSS, "text/css; charset=utf-8"),
        ("/graphql/assets/react-18.3.1/react.production.min.js", "text/javascript; charset=utf-8"),
        ("/graphql/assets/graphql-ws-5.16.2/graphql-ws.min.js", "text/javascript; charset=utf-8"),
        ("/graphql/assets/graphiql-3.8.3/LICENSE", "text/plain; charset=utf-8"),
    ],
)
async def test_assets_are_served_with_their_type_and_kept_for_good(
    client: httpx.AsyncClient, path: str, media_type: str
) -> None:
    response = await client.get(path)

    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert int(response.headers["content-length"]) > 0


async def test_assets_need_no_tenant_and_ignore_credentials(client: httpx.AsyncClient) -> None:
    headers = {"X-Tenant": "no-such-tenant", "Authorization": "Bearer not-a-token"}

    response = await client.get(GRAPHIQL_CSS, headers=headers)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/graphql/assets/graphiql-3.8.3/graphiql.min.js.map",
        "/graphql/assets/../page.html",
        "/graphql/assets/graphiql-3.8.3",
        "/graphql/assets/",
    ],
)
async def test_only_the_shipped_files_are_served(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)

    assert response.status_code == 404


async def test_the_headers_editor_names_the_tenant_of_the_path(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    page = await client.get(f"/api/{tenant.slug}/graphql", headers=HTML)

    config = page_config(page.text)
    assert config["tenant"] == tenant.slug
    assert config["headers"] == f'{{\n  "X-Tenant": "{tenant.slug}"\n}}'
    assert config["endpoint"] == f"/api/{tenant.slug}/graphql"


async def test_the_headers_editor_names_the_tenant_of_the_host(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    page = await client.get("/graphql", headers={**HTML, "Host": tenant.host})

    config = page_config(page.text)
    assert config["tenant"] == tenant.slug
    assert tenant.slug in config["headers"]
    assert config["endpoint"] == "/graphql"


async def test_without_a_tenant_the_headers_editor_starts_empty(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/graphql", headers={**HTML, "Host": "nobody.example.com"})

    config = page_config(page.text)
    assert config["tenant"] is None
    assert config["headers"] == ""


async def test_the_examples_open_as_tabs(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    page = await client.get(f"/api/{tenant.slug}/graphql", headers=HTML)

    tabs = page_config(page.text)["tabs"]
    assert [tab["query"] for tab in tabs] == [example.query for example in EXAMPLES]
    assert [tab["variables"] for tab in tabs] == [example.variables for example in EXAMPLES]


def test_no_example_can_end_the_page_s_script() -> None:
    hostile = Example("hostile", "# </script><script>alert(1)</script>\n{ viewer { kind } }")

    html = render_page(
        endpoint="/graphql", assets="/a", tenant=None, nonce="n", examples=(hostile,)
    )

    assert html.count("</script>") == html.count("<script")
    assert page_config(html)["tabs"][0]["query"] == hostile.query


def test_a_path_is_escaped_where_it_is_written() -> None:
    html = render_page(endpoint='/x"><b>', assets='/a"><b>', tenant='t"<', nonce='n"', examples=())

    assert "<b>" not in html
    assert page_config(html)["endpoint"] == '/x"><b>'


@pytest.fixture
async def production_client(services: Services, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(services.settings.database_url, tmp_path, environment="production")
    app = create_app(settings, services=services)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def test_production_serves_no_graphiql(
    production_client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    page = await production_client.get(f"/api/{tenant.slug}/graphql", headers=HTML)
    asset = await production_client.get(GRAPHIQL_JS)

    assert page.status_code == 404
    assert "GraphiQL" not in page.text
    assert asset.status_code == 404


def test_the_nonce_is_new_every_time() -> None:
    assert new_nonce() != new_nonce()


def test_a_built_package_carries_the_page_and_its_files() -> None:
    package = Path(tenantry.__file__).parent
    config = tomllib.loads((package.parent / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["tenantry"]

    shipped = {path for pattern in patterns for path in package.glob(pattern) if path.is_file()}

    folder = package / "serving" / "graphiql"
    needed = {path for path in folder.rglob("*") if path.is_file() and path.suffix != ".py"}
    needed -= {path for path in needed if "__pycache__" in path.parts}
    assert needed, "the page's files are missing"
    assert needed <= shipped, sorted(str(path.relative_to(package)) for path in needed - shipped)
