"""A local Stripe for the tests: localstripe (a real emulator, started as a process) behind a
small front that speaks the part of Stripe's API localstripe lacks: Checkout Sessions (payment
and subscription mode) and a subscription's `pause_collection`.

The front serves `POST /v1/checkout/sessions` and `GET /v1/checkout/sessions/{id}` itself and
forwards every other path to localstripe. `POST /_test/checkout/sessions/{id}/pay` is the hosted
page's "Pay" button: it pays a real PaymentIntent in localstripe with a test card and marks the
session complete and paid, as Stripe does.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import anyio
import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.live import serve

KEY = re.compile(r"([^\[\]]+)|\[([^\[\]]*)\]")
FORWARDED = ("authorization", "content-type", "idempotency-key", "stripe-version")
TEST_CARD = {
    "type": "card",
    "card[number]": "4242424242424242",
    "card[exp_month]": "12",
    "card[exp_year]": "2030",
    "card[cvc]": "123",
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@asynccontextmanager
async def localstripe(*, within: float = 20.0) -> AsyncIterator[str]:
    """localstripe on a free port for the length of the block; its base URL."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "localstripe",
        "--port",
        str(port),
        "--from-scratch",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=2) as http:
            with anyio.fail_after(within):
                while True:
                    try:
                        await http.get("/v1/balance", auth=("sk_test_ready", ""))
                        break
                    except httpx.TransportError:
                        assert process.returncode is None, "localstripe exited"
                        await anyio.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 5)
        except TimeoutError:
            process.kill()
            await process.wait()


def unflatten(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Stripe's form encoding (`line_items[0][price_data][currency]=usd`) as nested values;
    lists come back as dicts keyed "0", "1", …"""
    found: dict[str, Any] = {}
    for key, value in pairs:
        parts = [name or index for name, index in KEY.findall(key)]
        place = found
        for part in parts[:-1]:
            place = place.setdefault(part, {})
        place[parts[-1]] = value
    return found


def stripe_error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"type": "invalid_request_error", "message": message}}, status)


@dataclass
class StripeFront:
    """The front's state: its sessions, by id and by the Idempotency-Key that made them."""

    upstream: str
    url: str = ""
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_key: dict[str, str] = field(default_factory=dict)
    # What localstripe cannot hold about a subscription (pause_collection, and what the tests
    # make Stripe say happened: a renewal's period, past_due), laid over its answers.
    overlays: dict[str, dict[str, Any]] = field(default_factory=dict)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v1/checkout/sessions", self.create_session, methods=["POST"]),
                Route("/v1/checkout/sessions/{id}", self.get_session, methods=["GET"]),
                Route("/_test/checkout/sessions/{id}/pay", self.pay_session, methods=["POST"]),
                Route("/_test/subscriptions/{id}", self.set_overlay, methods=["POST"]),
                Route(
                    "/v1/subscriptions/{id}",
                    self.subscription,
                    methods=["GET", "POST", "DELETE"],
                ),
                Route("/{path:path}", self.forward, methods=["GET", "POST", "DELETE"]),
            ]
        )

    async def create_session(self, request: Request) -> Response:
        if not request.headers.get("authorization", "").startswith("Bearer sk_"):
            return stripe_error(401, "Invalid API Key provided.")
        key = request.headers.get("idempotency-key")
        if key and key in self.by_key:
            return JSONResponse(self.sessions[self.by_key[key]])
        params = unflatten(parse_qsl((await request.body()).decode(), keep_blank_values=True))
        line = params["line_items"]["0"]
        price = line.get("price_data") or {"unit_amount": "0", "currency": None}
        session_id = f"cs_test_{secrets.token_hex(12)}"
        self.sessions[session_id] = {
            "id": session_id,
            "object": "checkout.session",
            "mode": params.get("mode"),
            "status": "open",
            "payment_status": "unpaid",
            "amount_total": int(price["unit_amount"]) * int(line.get("quantity", "1")),
            "currency": price["currency"],
            "customer": params.get("customer"),
            "subscription": None,
            "_price": line.get("price"),
            "_subscription_data": params.get("subscription_data", {}),
            "client_reference_id": params.get("client_reference_id"),
            "metadata": params.get("metadata", {}),
            "payment_intent": None,
            "success_url": params.get("success_url"),
            "cancel_url": params.get("cancel_url"),
            "url": f"{self.url}/pay/{session_id}",
            "_intent_metadata": params.get("payment_intent_data", {}).get("metadata", {}),
        }
        if key:
            self.by_key[key] = session_id
        return JSONResponse(self.public(session_id))

    async def get_session(self, request: Request) -> Response:
        session_id = request.path_params["id"]
        if session_id not in self.sessions:
            return stripe_error(404, f"No such checkout.session: '{session_id}'")
        return JSONResponse(self.public(session_id))

    async def pay_session(self, request: Request) -> Response:
        """The buyer pays on the hosted page: a real intent in localstripe, paid by card."""
        session = self.sessions[request.path_params["id"]]
        auth = {"Authorization": request.headers["authorization"]}
        if session["mode"] == "subscription":
            return await self.pay_subscription(session, auth)
        async with httpx.AsyncClient(base_url=self.upstream, headers=auth) as http:
            method = await http.post(
                "/v1/payment_methods",
                data={
                    "type": "card",
                    "card[number]": "4242424242424242",
                    "card[exp_month]": "12",
                    "card[exp_year]": "2030",
                    "card[cvc]": "123",
                },
            )
            fields = {
                "amount": str(session["amount_total"]),
                "currency": session["currency"],
                "payment_method": method.json()["id"],
                "confirm": "true",
                **{f"metadata[{k}]": v for k, v in session["_intent_metadata"].items()},
            }
            intent = await http.post("/v1/payment_intents", data=fields)
        session.update(status="complete", payment_status="paid", payment_intent=intent.json()["id"])
        return JSONResponse(self.public(session["id"]))

    async def pay_subscription(self, session: dict[str, Any], auth: dict[str, str]) -> Response:
        """Subscription mode: the card saved as the customer's default, the subscription made."""
        customer = session["customer"]
        async with httpx.AsyncClient(base_url=self.upstream, headers=auth) as http:
            method = (await http.post("/v1/payment_methods", data=TEST_CARD)).json()["id"]
            await http.post(f"/v1/payment_methods/{method}/attach", data={"customer": customer})
            await http.post(
                f"/v1/customers/{customer}",
                data={"invoice_settings[default_payment_method]": method},
            )
            extra = session["_subscription_data"]
            fields = {
                "customer": customer,
                "items[0][plan]": session["_price"],
                **{f"metadata[{k}]": v for k, v in extra.get("metadata", {}).items()},
            }
            if extra.get("trial_period_days"):
                fields["trial_period_days"] = extra["trial_period_days"]
            made = await http.post("/v1/subscriptions", data=fields)
        assert made.status_code == 200, made.text
        session.update(status="complete", payment_status="paid", subscription=made.json()["id"])
        return JSONResponse(self.public(session["id"]))

    async def subscription(self, request: Request) -> Response:
        """localstripe's subscription with the overlay; pause_collection is kept here."""
        sub_id = request.path_params["id"]
        overlay = self.overlays.setdefault(sub_id, {})
        body = (await request.body()).decode()
        if request.method == "POST":
            pairs = parse_qsl(body, keep_blank_values=True)
            paused = [value for key, value in pairs if key.startswith("pause_collection")]
            if paused:
                overlay["pause_collection"] = {"behavior": paused[0]} if paused[0] else None
            body = urlencode([(k, v) for k, v in pairs if not k.startswith("pause_collection")])
        headers = {k: v for k, v in request.headers.items() if k.lower() in FORWARDED}
        async with httpx.AsyncClient(base_url=self.upstream, headers=headers) as http:
            if request.method != "POST" or body:
                answer = await http.request(request.method, request.url.path, content=body)
            else:
                answer = await http.get(request.url.path)
        if answer.status_code != 200:
            return Response(answer.content, answer.status_code, media_type="application/json")
        upstream = answer.json()
        if upstream["status"] == "canceled":  # an end is final, whatever the test laid over
            overlay.pop("status", None)
        return JSONResponse({"pause_collection": None, **upstream, **overlay})

    async def set_overlay(self, request: Request) -> Response:
        """What the test makes Stripe report next about a subscription (a renewal, past_due)."""
        self.overlays.setdefault(request.path_params["id"], {}).update(await request.json())
        return JSONResponse({"ok": True})

    def public(self, session_id: str) -> dict[str, Any]:
        return {k: v for k, v in self.sessions[session_id].items() if not k.startswith("_")}

    async def forward(self, request: Request) -> Response:
        headers = {k: v for k, v in request.headers.items() if k.lower() in FORWARDED}
        async with httpx.AsyncClient(base_url=self.upstream) as http:
            answer = await http.request(
                request.method,
                request.url.path,
                params=request.query_params.multi_items(),
                content=await request.body(),
                headers=headers,
            )
        return Response(
            answer.content,
            answer.status_code,
            media_type=answer.headers.get("content-type", "application/json"),
        )


@asynccontextmanager
async def running_stripe_front() -> AsyncIterator[StripeFront]:
    """localstripe and the front before it, both on free local ports."""
    async with localstripe() as upstream:
        front = StripeFront(upstream=upstream)
        async with serve(front.app()) as server:
            front.url = server.http()
            yield front


@asynccontextmanager
async def silent_server() -> AsyncIterator[str]:
    """A server that accepts connections and never answers: Stripe timing out."""
    held: list[asyncio.StreamWriter] = []
    closing = asyncio.Event()

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)
        await closing.wait()

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        closing.set()
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()
