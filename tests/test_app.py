from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from tenantry import __version__
from tenantry.app import create_app
from tenantry.config import Settings
from tests.conftest import Factory, make_settings
from tests.support import without_cost


@asynccontextmanager
async def _serving(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app of its own, its lifespan running."""
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as http,
    ):
        yield http


async def test_healthz_answers_without_a_tenant(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_checks_the_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "media": "ok"}


async def test_graphql_viewer_for_publishable_key(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    response = await client.post(
        "/graphql",
        json={"query": "{ viewer { kind tenantSlug } }"},
        headers={"X-API-Key": tenant.publishable_key},
    )
    assert response.status_code == 200
    assert without_cost(response.json()) == {
        "data": {"viewer": {"kind": "api_key", "tenantSlug": tenant.slug}}
    }


async def test_readyz_reports_an_unreachable_database(tmp_path: Path) -> None:
    settings = make_settings("postgresql+asyncpg://postgres@127.0.0.1:1/nowhere", tmp_path)
    async with _serving(settings) as http:
        response = await http.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unreachable",
        "broker": "ok",
        "media": "ok",
    }


async def test_cors_preflight_allows_configured_origins(tmp_path: Path, sqlite_url: str) -> None:
    settings = make_settings(sqlite_url, tmp_path, cors_origins=["https://shop.example"])
    async with _serving(settings) as http:
        allowed = await http.options(
            "/graphql",
            headers={"Origin": "https://shop.example", "Access-Control-Request-Method": "POST"},
        )
        refused = await http.options(
            "/graphql",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
    assert allowed.headers["access-control-allow-origin"] == "https://shop.example"
    assert "access-control-allow-origin" not in refused.headers


async def test_readyz_reports_a_database_that_was_never_migrated(tmp_path: Path) -> None:
    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}", tmp_path)
    async with _serving(settings) as http:
        response = await http.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["database"] == "not_migrated"


async def test_the_root_says_what_the_server_is(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["version"]) == ("tenantry", __version__)
    assert body["health"] == {"live": "/healthz", "ready": "/readyz"}


async def test_readyz_reports_a_media_root_uploads_cannot_be_written_to(
    tmp_path: Path, database_url: str, services: Any
) -> None:
    occupied = tmp_path / "media"
    occupied.write_text("a file where the upload directory should be")
    settings = make_settings(database_url, tmp_path, media_root=occupied)
    async with _serving(settings) as http:
        response = await http.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "broker": "ok",
        "media": "not_a_directory",
    }


async def _redis_on(port: int) -> asyncio.subprocess.Process:
    server = await asyncio.create_subprocess_exec(
        *("redis-server", "--port", str(port), "--bind", "127.0.0.1"),
        *("--save", "", "--appendonly", "no"),
        stdout=asyncio.subprocess.DEVNULL,
    )
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server
        await asyncio.sleep(0.05)
    raise AssertionError(f"redis-server did not start on port {port}")


async def _stop(server: asyncio.subprocess.Process) -> None:
    if server.returncode is None:
        server.terminate()
        await asyncio.wait_for(server.wait(), 10)


async def test_readyz_reports_a_broker_it_cannot_publish_to(
    tmp_path: Path, database_url: str, services: Any
) -> None:
    """A Redis of the test's own, stopped while the app runs, then started again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    redis = await _redis_on(port)
    try:
        settings = make_settings(database_url, tmp_path, broadcast_url=f"redis://127.0.0.1:{port}")
        async with _serving(settings) as http:
            assert (await http.get("/readyz")).json()["broker"] == "ok"
            await _stop(redis)
            down = await asyncio.wait_for(http.get("/readyz"), 10)
            redis = await _redis_on(port)
            back = await asyncio.wait_for(http.get("/readyz"), 10)
    finally:
        await _stop(redis)
    assert down.status_code == 503
    assert down.json()["broker"] == "unreachable"
    assert back.status_code == 200
    assert back.json()["broker"] == "ok"
