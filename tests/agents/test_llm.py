"""The LLM agent against the fake chat completions server on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tenantry.agents import AgentContext, AgentFailed, RunConfig
from tenantry.agents.llm import LlmAgent, LlmSettings
from tenantry.core.errors import ValidationFailed
from tenantry.db.database import Database
from tests.agents.support import API_KEY, llm_settings
from tests.conftest import make_settings
from tests.fake_llm import FakeLLM

AGENT = LlmAgent()


@pytest.fixture
async def context(tmp_path: Path) -> AsyncIterator[AgentContext]:
    """The LLM agent reads no rows; the database here is never connected."""
    settings = make_settings("sqlite+aiosqlite:///:memory:", tmp_path)
    db = Database.from_settings(settings)
    yield AgentContext(tenant_id=1, db=db, settings=settings)
    await db.dispose()


def config(llm: FakeLLM, model: str = "echo", prompt: str = "", **extra: Any) -> RunConfig[Any]:
    return RunConfig(prompt, AGENT.parse_settings(llm_settings(llm, model, **extra)))


async def test_a_message_is_answered_with_token_counts(llm: FakeLLM, context: AgentContext) -> None:
    # when
    result = await AGENT.run(
        {"message": "hello there"}, config(llm, prompt="You are terse."), context
    )
    # then
    assert result.output == {
        "content": "Echo: hello there",
        "model": "echo",
        "finish_reason": "stop",
    }
    assert (result.prompt_tokens, result.completion_tokens) == (5, 3)


async def test_the_request_carries_prompt_settings_and_key(
    llm: FakeLLM, context: AgentContext
) -> None:
    # when
    await AGENT.run(
        {"message": "hi"},
        config(llm, prompt="Be kind.", temperature=0.2, max_tokens=50),
        context,
    )
    # then
    assert llm.requests == [
        {
            "model": "echo",
            "messages": [
                {"role": "system", "content": "Be kind."},
                {"role": "user", "content": "hi"},
            ],
            "temperature": 0.2,
            "max_tokens": 50,
        }
    ]
    assert llm.authorizations == [f"Bearer {API_KEY}"]


async def test_a_conversation_is_sent_as_given_after_the_prompt(
    llm: FakeLLM, context: AgentContext
) -> None:
    # given
    turns = [
        {"role": "user", "content": "one"},
        {"role": "assistant", "content": "two"},
        {"role": "user", "content": "three"},
    ]
    # when
    result = await AGENT.run({"messages": turns}, config(llm), context)
    # then: no system turn for an empty prompt
    assert llm.requests[0]["messages"] == turns
    assert result.output["content"] == "Echo: three"


async def test_an_http_error_fails_with_its_status(llm: FakeLLM, context: AgentContext) -> None:
    with pytest.raises(AgentFailed) as failed:
        await AGENT.run({"message": "hi"}, config(llm, "fail-500"), context)
    assert failed.value.message == (
        'The model endpoint answered HTTP 500: {"error":{"message":"upstream exploded"}}'
    )


async def test_a_slow_endpoint_fails_after_the_timeout(llm: FakeLLM, tmp_path: Path) -> None:
    # given: a timeout shorter than the fake server's delay
    settings = make_settings(
        "sqlite+aiosqlite:///:memory:", tmp_path, agent_http_timeout_seconds=0.2
    )
    db = Database.from_settings(settings)
    context = AgentContext(tenant_id=1, db=db, settings=settings)
    # when
    with pytest.raises(AgentFailed) as failed:
        await AGENT.run({"message": "hi"}, config(llm, "slow"), context)
    await db.dispose()
    # then
    assert failed.value.message == "The model endpoint did not answer within 0.2 seconds."


async def test_a_body_that_is_not_json_fails(llm: FakeLLM, context: AgentContext) -> None:
    with pytest.raises(AgentFailed) as failed:
        await AGENT.run({"message": "hi"}, config(llm, "malformed"), context)
    assert failed.value.message == "The model endpoint's answer is not valid JSON."


async def test_json_without_choices_fails(llm: FakeLLM, context: AgentContext) -> None:
    with pytest.raises(AgentFailed) as failed:
        await AGENT.run({"message": "hi"}, config(llm, "no-choices"), context)
    assert failed.value.message == "The model endpoint's answer has no choices[0].message.content."


async def test_an_unreachable_endpoint_fails(context: AgentContext) -> None:
    # given: a port nobody listens on
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = LlmSettings(base_url=f"http://127.0.0.1:{port}/v1", model="echo")
    # when
    with pytest.raises(AgentFailed) as failed:
        await AGENT.run({"message": "hi"}, RunConfig("", settings), context)
    # then
    assert failed.value.message.startswith("Could not reach the model endpoint: ConnectError")


def test_settings_errors_are_named_by_field() -> None:
    with pytest.raises(ValidationFailed) as failed:
        AGENT.parse_settings({"base_url": "ftp://x", "temperature": 3, "surprise": 1})
    assert failed.value.fields == {
        "settings.base_url": ["The base url field must be a valid URL."],
        "settings.model": ["The model field is required."],
        "settings.temperature": ["The temperature field must not be greater than 2.0."],
        "settings.surprise": ["The surprise field is invalid."],
    }


def test_input_needs_a_message_or_messages() -> None:
    with pytest.raises(ValidationFailed) as failed:
        AGENT.parse_input({})
    assert failed.value.fields == {"input": ["The input must have either a message or messages."]}


def test_input_turns_are_checked() -> None:
    with pytest.raises(ValidationFailed) as failed:
        AGENT.parse_input({"messages": [{"role": "wizard", "content": "x"}]})
    assert failed.value.fields == {
        "input.messages.0.role": ["The selected messages.0.role is invalid."]
    }


def test_secrets_are_masked_to_their_last_four_characters() -> None:
    assert AGENT.mask({"api_key": "sk-live-abcdefgh1234", "model": "m"}) == {
        "api_key": "****1234",
        "model": "m",
    }
    assert AGENT.mask({"api_key": "short"}) == {"api_key": "****"}
