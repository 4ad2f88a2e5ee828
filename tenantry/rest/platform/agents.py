"""Dialect A AI agents: /agents*, /executions/{executionId}."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.agents.runner import Runner
from tenantry.core.errors import ValidationFailed
from tenantry.core.ids import parse_id
from tenantry.core.pagination import PageRequest
from tenantry.models.agents import AgentExecution, ExecutionStatus
from tenantry.resolvers import agents
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta, page_of
from tenantry.rest.spec import PAGED, Body, Param

STATUS = Param(
    "status",
    {"type": "string", "enum": [status.value for status in ExecutionStatus]},
    "Only executions in this status.",
)
RUN_BODY = Body(
    schema={
        "type": "object",
        "properties": {
            "input": {
                "type": "object",
                "description": "The run's input; its fields are the agent's own.",
                "default": {},
            }
        },
    },
    required=False,
)


def agent_json(view: agents.AgentView) -> dict[str, Any]:
    return {
        "slug": view.kind.slug,
        "name": view.kind.name,
        "description": view.kind.description,
        "enabled": view.enabled,
        "configured": view.configured,
    }


def agent_detail_json(view: agents.AgentView) -> dict[str, Any]:
    return {**agent_json(view), "settings": view.settings, "prompt": view.prompt}


def execution_json(execution: AgentExecution) -> dict[str, Any]:
    return {
        "id": execution.id,
        "agent_slug": execution.agent_slug,
        "status": ExecutionStatus(execution.status).value,
        "input": execution.input,
        "output": execution.output,
        "error": execution.error,
        "duration_ms": execution.duration_ms,
        "prompt_tokens": execution.prompt_tokens,
        "completion_tokens": execution.completion_tokens,
        "started_at": iso(execution.started_at),
        "finished_at": iso(execution.finished_at),
        "created_at": iso(execution.created_at),
    }


def _status(value: str | None) -> ExecutionStatus | None:
    if not value:
        return None
    try:
        return ExecutionStatus(value)
    except ValueError:
        raise ValidationFailed.single("status", "The selected status is invalid.") from None


async def list_agents(call: Call) -> Response:
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    found = page_of(await agents.list_agents(call.session, ctx=call.ctx), page)
    return json({"data": [agent_json(view) for view in found.items], "meta": page_meta(found)})


async def show_agent(call: Call) -> Response:
    view = await agents.get_agent(call.session, ctx=call.ctx, slug=call.path("slug"))
    return json({"data": agent_detail_json(view)})


async def configure_agent(call: Call) -> Response:
    """Enable or disable the agent and set its settings and prompt."""
    data = call.parse(agents.ConfigureIn, await call.json())
    view = await agents.configure_agent(
        call.session, ctx=call.ctx, slug=call.path("slug"), data=data
    )
    return json({"data": agent_detail_json(view)})


async def run_agent(call: Call) -> Response:
    """Queue a run of the agent with the given input; it runs after the answer (202)."""
    body = await call.json()
    execution = await agents.run_agent(
        call.session,
        ctx=call.ctx,
        slug=call.path("slug"),
        data=body.get("input", {}),
        runner=Runner(call.services.db, call.services.settings),
    )
    return json({"data": {"execution_id": execution.id, "status": "queued"}}, 202)


async def list_executions(call: Call) -> Response:
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    found = await agents.list_executions(
        call.session,
        ctx=call.ctx,
        slug=call.path("slug"),
        page=page,
        status=_status(call.query("status")),
    )
    return json(
        {
            "data": [execution_json(execution) for execution in found.items],
            "meta": page_meta(found),
        }
    )


async def agent_stats(call: Call) -> Response:
    """Run counts, average duration, token totals and the last run of one agent."""
    stats = await agents.agent_stats(call.session, ctx=call.ctx, slug=call.path("slug"))
    return json(
        {
            "data": {
                "runs": stats.runs,
                "succeeded": stats.succeeded,
                "failed": stats.failed,
                "average_duration_ms": stats.average_duration_ms,
                "prompt_tokens": stats.prompt_tokens,
                "completion_tokens": stats.completion_tokens,
                "last_run_at": iso(stats.last_run_at),
            }
        }
    )


async def show_execution(call: Call) -> Response:
    execution = await agents.get_execution(
        call.session, ctx=call.ctx, execution_id=parse_id(call.path("execution_id"), "execution")
    )
    return json({"data": execution_json(execution)})


routes: list[BaseRoute] = [
    Route("/agents", endpoint(list_agents, query=PAGED), methods=["GET"]),
    Route("/agents/{slug}", endpoint(show_agent), methods=["GET"]),
    Route(
        "/agents/{slug}/configure",
        endpoint(configure_agent, body=Body.of(agents.ConfigureIn)),
        methods=["PUT"],
    ),
    Route("/agents/{slug}/run", endpoint(run_agent, body=RUN_BODY, status=202), methods=["POST"]),
    Route(
        "/agents/{slug}/executions",
        endpoint(list_executions, query=(*PAGED, STATUS)),
        methods=["GET"],
    ),
    Route("/agents/{slug}/stats", endpoint(agent_stats), methods=["GET"]),
    Route("/executions/{execution_id}", endpoint(show_execution), methods=["GET"]),
]
