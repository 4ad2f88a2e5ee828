"""GraphiQL in a real headless Chromium against a real server, with the network closed.

Every request that is not to the test server is aborted and recorded, so the page can only
work from the files the app serves itself. The page runs a query over HTTP and a subscription
over the WebSocket (graphql-transport-ws through graphql-ws), with the headers it was given.

Needs Debian's Chromium at /usr/bin/chromium and the `playwright` package (no downloaded
browser); without Chromium the tests are skipped, except in CI, where they fail.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from playwright.async_api import Browser, Page, Route, async_playwright

from tenantry.realtime import channels
from tenantry.serving.services import Services
from tests.conftest import IN_CI, Factory
from tests.live import LiveServer, until_subscribed
from tests.resolvers.catalog.support import CatalogWriter
from tests.schema.test_websocket_blog import publish_post

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("TENANTRY_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WITHIN_MS = 15_000
SELECTED_OPERATION = """(name) => {
  const editor = document.querySelector(".graphiql-query-editor .CodeMirror");
  return editor !== null && editor.CodeMirror.operationName === name;
}"""


def require_chromium() -> None:
    if os.access(CHROMIUM, os.X_OK):
        return
    reason = f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    if IN_CI:
        pytest.fail(f"{reason}; CI runs the browser tests")
    pytest.skip(reason)


@dataclass
class Traffic:
    """What the page asked for, by whether the test server was its destination."""

    origin: str
    served: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    sockets: list[str] = field(default_factory=list)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    require_chromium()
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def page(browser: Browser, live_server: LiveServer) -> AsyncIterator[tuple[Page, Traffic]]:
    traffic = Traffic(origin=live_server.http())
    context = await browser.new_context()
    context.set_default_timeout(WITHIN_MS)

    async def only_the_server(route: Route) -> None:
        url: str = route.request.url
        if url.startswith(f"{traffic.origin}/"):
            traffic.served.append(url)
            await route.continue_()
        else:
            traffic.refused.append(url)
            await route.abort("blockedbyclient")

    await context.route("**/*", only_the_server)
    tab = await context.new_page()
    tab.on("websocket", lambda socket: traffic.sockets.append(socket.url))
    try:
        yield tab, traffic
    finally:
        await context.close()


async def run_and_read(tab: Page, expected: str) -> str:
    await tab.locator(".graphiql-execute-button").click()
    result = tab.locator(".graphiql-response .result-window")
    await result.filter(has_text=expected).wait_for()
    text: str = await result.inner_text()
    return text


async def test_graphiql_runs_a_query_and_a_subscription_offline(
    page: tuple[Page, Traffic], live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given: a tenant with a product, and GraphiQL opened on its endpoint
    tab, traffic = page
    tenant = await factory.tenant()
    await CatalogWriter(services, tenant).product("Offline Mug", 1250)
    await tab.goto(live_server.http(f"/api/{tenant.slug}/graphql"))
    headers_editor = tab.locator(".graphiql-editor-tool .graphiql-editor").last
    await headers_editor.filter(has_text=tenant.slug).wait_for()

    # when: the first tab (the products example) runs
    products = await run_and_read(tab, "Offline Mug")

    # then
    assert '"formattedPrice"' in products

    # when: the subscription example runs and a post is published
    await tab.locator(".graphiql-tab-button", has_text="PostPublished").click()
    # GraphiQL reads the operation of a new tab 100 ms after it opens; run it sooner and it
    # sends the new text under the old tab's operation name.
    await tab.wait_for_function(SELECTED_OPERATION, arg="PostPublished")
    await tab.locator(".graphiql-execute-button").click()
    await until_subscribed(services.broadcast, channels.blog(tenant.id), within=WITHIN_MS / 1000)
    post = await publish_post(live_server, tenant, "Heard in the browser")

    # then: its event appears in the result pane, having come over the socket
    result = tab.locator(".graphiql-response .result-window")
    await result.filter(has_text="Heard in the browser").wait_for()
    assert post["slug"] in await result.inner_text()
    assert traffic.sockets == [live_server.ws(f"/api/{tenant.slug}/graphql")]
    assert traffic.refused == [], "the page needed something from another host"
    assert any(url.endswith("/graphiql.min.js") for url in traffic.served)
