"""What every agent kind provides: its settings schema, its input schema, and run()."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from tenantry.config import Settings
from tenantry.core.errors import ValidationFailed
from tenantry.core.inputs import field_errors
from tenantry.db.database import Database
from tenantry.secrets import SecretBox, mask_secret

S = TypeVar("S", bound=BaseModel)


class AgentFailed(Exception):
    """A run that could not produce an output; the message is stored as the execution's error."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class AgentContext:
    """Where a run happens. Agents open their own short units; none is held across a run."""

    tenant_id: int
    db: Database
    settings: Settings


@dataclass(frozen=True)
class RunConfig(Generic[S]):
    prompt: str
    settings: S


@dataclass(frozen=True)
class AgentResult:
    output: dict[str, Any]
    prompt_tokens: int = 0
    completion_tokens: int = 0


class AgentKind(ABC, Generic[S]):
    slug: ClassVar[str]
    name: ClassVar[str]
    description: ClassVar[str]
    settings_model: type[S]
    input_model: type[BaseModel]
    # Settings never shown back in full: answers carry "****" and the last four characters.
    secret_settings: ClassVar[frozenset[str]] = frozenset()

    @abstractmethod
    async def run(
        self, input: dict[str, Any], config: RunConfig[S], context: AgentContext
    ) -> AgentResult: ...

    def parse_settings(self, data: dict[str, Any]) -> S:
        """The settings as the kind's schema reads them; errors are named "settings.<field>"."""
        try:
            return self.settings_model.model_validate(data)
        except ValidationError as exc:
            raise ValidationFailed(_prefixed("settings", exc)) from None

    def parse_input(self, data: Any) -> dict[str, Any]:
        """The run's input, checked before it is queued; errors are named "input.<field>"."""
        if not isinstance(data, dict):
            raise ValidationFailed.single("input", "The input field must be an object.")
        try:
            parsed = self.input_model.model_validate(data)
        except ValidationError as exc:
            raise ValidationFailed(_prefixed("input", exc)) from None
        return parsed.model_dump(mode="json", exclude_none=True)

    def open_secrets(self, stored: dict[str, Any], box: SecretBox) -> dict[str, Any]:
        """Stored settings with their secrets readable (SecretUnreadable if no key opens one)."""
        return self._with_secrets(stored, box.open)

    def seal_secrets(self, settings: dict[str, Any], box: SecretBox) -> dict[str, Any]:
        """Settings as they are stored: secrets sealed."""
        return self._with_secrets(settings, box.seal)

    def _with_secrets(
        self, settings: dict[str, Any], change: Callable[[str], str]
    ) -> dict[str, Any]:
        return {
            key: change(value) if key in self.secret_settings and isinstance(value, str) else value
            for key, value in settings.items()
        }

    def mask(self, settings: dict[str, Any]) -> dict[str, Any]:
        return {
            key: mask_secret(value) if key in self.secret_settings else value
            for key, value in settings.items()
        }


def _prefixed(prefix: str, exc: ValidationError) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for key, messages in field_errors(exc).items():
        name = prefix if key == "body" else f"{prefix}.{key}"
        fields.setdefault(name, []).extend(messages)
    return fields
