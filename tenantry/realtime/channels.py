"""Every channel name is built here, namespaced by tenant."""

from __future__ import annotations


def blog(tenant_id: int) -> str:
    return f"t{tenant_id}:blog"


def chat(tenant_id: int, conversation_id: int) -> str:
    return f"t{tenant_id}:chat:{conversation_id}"


def order(tenant_id: int, order_number: str) -> str:
    return f"t{tenant_id}:order:{order_number}"


def subscription(tenant_id: int, subscription_id: int) -> str:
    return f"t{tenant_id}:subscription:{subscription_id}"


def reservation(tenant_id: int, number: str) -> str:
    return f"t{tenant_id}:reservation:{number}"


def reservations_on(tenant_id: int, local_date: str) -> str:
    """A day's schedule (the local date, YYYY-MM-DD)."""
    return f"t{tenant_id}:reservations:{local_date}"


def chat_typing(tenant_id: int, conversation_id: int) -> str:
    return f"t{tenant_id}:chat:{conversation_id}:typing"


def agent_inbox(tenant_id: int) -> str:
    return f"t{tenant_id}:chat-inbox"


def agent_presence(tenant_id: int) -> str:
    return f"t{tenant_id}:chat-presence"


def agent_execution(tenant_id: int, execution_id: int) -> str:
    return f"t{tenant_id}:agent-execution:{execution_id}"
