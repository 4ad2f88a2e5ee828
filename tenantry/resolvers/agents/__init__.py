"""AI agents for a tenant: configuration, runs and their stats, the FAQ, the chat responder."""

from tenantry.resolvers.agents.configs import (
    AgentView,
    ConfigureIn,
    configure_agent,
    get_agent,
    list_agents,
)
from tenantry.resolvers.agents.executions import (
    AgentStats,
    agent_stats,
    get_execution,
    list_executions,
    run_agent,
)
from tenantry.resolvers.agents.faq_entries import (
    FaqEntryIn,
    FaqEntryUpdate,
    create_faq_entry,
    delete_faq_entry,
    list_faq_entries,
    update_faq_entry,
)

__all__ = [
    "AgentStats",
    "AgentView",
    "ConfigureIn",
    "FaqEntryIn",
    "FaqEntryUpdate",
    "agent_stats",
    "configure_agent",
    "create_faq_entry",
    "delete_faq_entry",
    "get_agent",
    "get_execution",
    "list_agents",
    "list_executions",
    "list_faq_entries",
    "run_agent",
    "update_faq_entry",
]
