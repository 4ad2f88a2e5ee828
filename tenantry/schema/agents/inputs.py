from __future__ import annotations

import strawberry
from strawberry.scalars import JSON


@strawberry.input(description="Fields left out keep their value; settings merge into the stored.")
class ConfigureAgentInput:
    enabled: bool | None = strawberry.UNSET
    prompt: str | None = strawberry.UNSET
    settings: JSON | None = strawberry.UNSET


@strawberry.input
class CreateFaqEntryInput:
    question: str
    answer: str
    keywords: list[str] | None = strawberry.UNSET
    position: int | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET


@strawberry.input(description="Only the fields given change.")
class UpdateFaqEntryInput:
    question: str | None = strawberry.UNSET
    answer: str | None = strawberry.UNSET
    keywords: list[str] | None = strawberry.UNSET
    position: int | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET
