"""GraphQL inputs for chat, and the ids they carry."""

from __future__ import annotations

import strawberry

from tenantry.core.errors import NotFound, ValidationFailed


def conversation_pk(value: strawberry.ID) -> int:
    """A conversation id that is not a number names no conversation."""
    text = str(value)
    if not text.isdigit() or len(text) > 18:
        raise NotFound("conversation")
    return int(text)


@strawberry.input
class StartChatConversationInput:
    initial_message: str
    visitor_name: str | None = None
    visitor_email: str | None = None


def after_pk(value: strawberry.ID | None) -> int | None:
    if value is None:
        return None
    text = str(value)
    if not text.isdigit() or len(text) > 18:
        raise ValidationFailed.single("after", "The after field must be a message id.")
    return int(text)
