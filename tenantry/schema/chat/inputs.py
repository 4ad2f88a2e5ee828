"""GraphQL inputs for chat."""

from __future__ import annotations

import strawberry


@strawberry.input
class StartChatConversationInput:
    initial_message: str
    visitor_name: str | None = None
    visitor_email: str | None = None
