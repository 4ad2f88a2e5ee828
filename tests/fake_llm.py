"""A small OpenAI-compatible chat completions server for tests, on a free port of 127.0.0.1.

The requested model picks the behaviour:
  "echo"          answers "Echo: <last user message>" with word-count token usage
  "delay-<s>"     the same after <s> seconds
  "slow"          the same after SLOW_SECONDS (for client timeouts)
  "fail-500"      HTTP 500
  "malformed"     200 with a body that is not JSON
  "no-choices"    200 with JSON that has no choices
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.live import serve

SLOW_SECONDS = 1.5


@dataclass
class FakeLLM:
    base_url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    authorizations: list[str | None] = field(default_factory=list)
    hosts: list[str | None] = field(default_factory=list)  # the Host header of each request


def _words(text: str) -> int:
    return len(text.split())


def _echo(body: dict[str, Any]) -> JSONResponse:
    messages = body.get("messages") or []
    last_user = next((m["content"] for m in reversed(messages) if m.get("role") == "user"), "")
    content = f"Echo: {last_user}"
    return JSONResponse(
        {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "model": body.get("model"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": sum(_words(str(m.get("content", ""))) for m in messages),
                "completion_tokens": _words(content),
                "total_tokens": 0,
            },
        }
    )


def build_app(state: FakeLLM) -> Starlette:
    async def completions(request: Request) -> Response:
        body = await request.json()
        state.requests.append(body)
        state.authorizations.append(request.headers.get("authorization"))
        state.hosts.append(request.headers.get("host"))
        model = str(body.get("model"))
        if model == "fail-500":
            return JSONResponse({"error": {"message": "upstream exploded"}}, 500)
        if model == "malformed":
            return Response("this is not json{", media_type="application/json")
        if model == "no-choices":
            return JSONResponse({"id": "chatcmpl-test", "choices": []})
        if model == "slow":
            await asyncio.sleep(SLOW_SECONDS)
        elif model.startswith("delay-"):
            await asyncio.sleep(float(model.removeprefix("delay-")))
        return _echo(body)

    return Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])


@asynccontextmanager
async def fake_llm_server() -> AsyncIterator[FakeLLM]:
    state = FakeLLM()
    async with serve(build_app(state)) as server:
        state.base_url = server.http("/v1")
        yield state
