"""An LLM agent: one call to an OpenAI-compatible chat completions endpoint per run.

Whatever goes wrong on the wire (an HTTP error, a timeout, an answer of the wrong shape) becomes
AgentFailed with a message an operator can act on; nothing else escapes run().
"""

from __future__ import annotations

import json
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tenantry.agents.base import AgentContext, AgentFailed, AgentKind, AgentResult, RunConfig
from tenantry.egress import EgressRefused, resolve_public

ERROR_BODY_CHARS = 300


class LlmSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    base_url: str = Field(max_length=2048)
    model: str = Field(min_length=1, max_length=200)
    api_key: str | None = Field(default=None, max_length=1000)
    temperature: float = Field(default=0.7, ge=0, le=2)
    max_tokens: int = Field(default=1024, ge=1, le=128_000)

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip()
        if not value.startswith(("http://", "https://")) or len(value) <= len("https://"):
            raise ValueError("must be a valid URL")
        return value.rstrip("/")


class ChatTurn(BaseModel):
    role: Literal["system", "user", "assistant"]
    content: str = Field(max_length=100_000)


class LlmInput(BaseModel):
    message: str | None = Field(default=None, min_length=1, max_length=100_000)
    messages: list[ChatTurn] | None = Field(default=None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _one_of(self) -> LlmInput:
        if (self.message is None) == (self.messages is None):
            raise ValueError("The input must have either a message or messages.")
        return self


def chat_messages(prompt: str, data: LlmInput) -> list[dict[str, str]]:
    turns = [{"role": "system", "content": prompt}] if prompt.strip() else []
    if data.message is not None:
        turns.append({"role": "user", "content": data.message})
    for turn in data.messages or []:
        turns.append({"role": turn.role, "content": turn.content})
    return turns


def read_completion(body: Any) -> AgentResult:
    try:
        message = body["choices"][0]["message"]
        content = message["content"]
        finish = body["choices"][0].get("finish_reason")
    except (KeyError, IndexError, TypeError):
        raise AgentFailed(
            "The model endpoint's answer has no choices[0].message.content."
        ) from None
    if not isinstance(content, str):
        raise AgentFailed("The model endpoint's answer has no choices[0].message.content.")
    usage = body.get("usage") if isinstance(body.get("usage"), dict) else {}
    output: dict[str, Any] = {"content": content, "model": body.get("model")}
    if finish is not None:
        output["finish_reason"] = finish
    return AgentResult(
        output=output,
        prompt_tokens=_count(usage.get("prompt_tokens")),
        completion_tokens=_count(usage.get("completion_tokens")),
    )


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


class LlmAgent(AgentKind[LlmSettings]):
    slug = "llm"
    name = "LLM agent"
    description = (
        "Sends the input to an OpenAI-compatible chat completions endpoint, with the "
        "configured prompt as the system message, and returns the model's reply."
    )
    settings_model = LlmSettings
    input_model = LlmInput
    secret_settings = frozenset({"api_key"})

    async def run(
        self, input: dict[str, Any], config: RunConfig[LlmSettings], context: AgentContext
    ) -> AgentResult:
        settings = config.settings
        payload = {
            "model": settings.model,
            "messages": chat_messages(config.prompt, LlmInput.model_validate(input)),
            "temperature": settings.temperature,
            "max_tokens": settings.max_tokens,
        }
        headers = {"Authorization": f"Bearer {settings.api_key}"} if settings.api_key else {}
        try:
            target = await resolve_public(
                f"{settings.base_url}/chat/completions",
                allow_private=context.settings.agent_allow_private_endpoints,
            )
        except EgressRefused as exc:
            raise AgentFailed(exc.message.replace("The endpoint", "The model endpoint")) from None
        timeout = context.settings.agent_http_timeout_seconds
        try:
            async with httpx.AsyncClient(timeout=timeout) as http:
                response = await http.post(
                    target.url,
                    json=payload,
                    headers={**headers, **target.headers},
                    extensions=target.extensions,
                )
        except httpx.TimeoutException:
            raise AgentFailed(
                f"The model endpoint did not answer within {timeout:g} seconds."
            ) from None
        except httpx.HTTPError as exc:
            raise AgentFailed(
                f"Could not reach the model endpoint: {type(exc).__name__}: {exc}"
            ) from None
        if response.is_error:
            raise AgentFailed(
                f"The model endpoint answered HTTP {response.status_code}: "
                f"{response.text[:ERROR_BODY_CHARS]}"
            )
        try:
            body = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise AgentFailed("The model endpoint's answer is not valid JSON.") from None
        return read_completion(body)
