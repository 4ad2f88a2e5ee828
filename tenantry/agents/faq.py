"""The FAQ responder: answers a question from the tenant's active FAQ entries, or not at all.

An entry scores by how many of its question's significant words the message contains, plus a
bonus per keyword found; below the configured minimum there is no answer, so the responder
stays quiet rather than guessing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import col, select

from tenantry.agents.base import AgentContext, AgentKind, AgentResult, RunConfig
from tenantry.models.agents import FaqEntry

KEYWORD_WEIGHT = 0.5
FALLBACK_MESSAGE = "An agent will be with you shortly."

STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "can",
        "could",
        "do",
        "does",
        "did",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "so",
        "that",
        "the",
        "their",
        "there",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "please",
        "hi",
        "hello",
        "hey",
    }
)
_WORD = re.compile(r"\w+")


class FaqSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min_score: float = Field(default=0.5, ge=0, le=10)
    typing_seconds: float = Field(default=1.0, ge=0, le=10)
    fallback: bool = False
    fallback_message: str = Field(default=FALLBACK_MESSAGE, min_length=1, max_length=1000)


class FaqInput(BaseModel):
    message: str = Field(min_length=1, max_length=5000)


@dataclass(frozen=True)
class Match:
    entry_id: int
    answer: str
    score: float


def terms(text: str) -> set[str]:
    """Significant words, lower-cased, with a plural's final "s" dropped."""
    found = set()
    for word in _WORD.findall(text.lower()):
        if word in STOPWORDS:
            continue
        found.add(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return found


def _keyword_found(keyword: str, message: str, message_terms: set[str]) -> bool:
    wanted = terms(keyword)
    if not wanted:
        return False
    if len(wanted) == 1:
        return wanted <= message_terms
    return keyword.strip().lower() in message.lower() or wanted <= message_terms


def score(message: str, entry: FaqEntry) -> float:
    message_terms = terms(message)
    if not message_terms:
        return 0.0
    question_terms = terms(entry.question)
    overlap = len(message_terms & question_terms) / len(question_terms) if question_terms else 0.0
    keywords = sum(
        1 for keyword in entry.keywords if _keyword_found(keyword, message, message_terms)
    )
    return round(overlap + KEYWORD_WEIGHT * keywords, 3)


def best_match(message: str, entries: Iterable[FaqEntry], *, min_score: float) -> Match | None:
    """The best-scoring entry at or above min_score; ties go to the lower position, then id."""
    best: tuple[float, int, int, FaqEntry] | None = None
    for entry in entries:
        assert entry.id is not None
        value = score(message, entry)
        rank = (value, -entry.position, -entry.id, entry)
        if best is None or rank[:3] > best[:3]:
            best = rank
    if best is None or best[0] <= 0 or best[0] < min_score:
        return None
    entry = best[3]
    assert entry.id is not None
    return Match(entry_id=entry.id, answer=entry.answer, score=best[0])


async def active_entries(context: AgentContext) -> Sequence[FaqEntry]:
    async with context.db.unit(context.tenant_id) as unit:
        rows = await unit.session.scalars(
            select(FaqEntry)
            .where(col(FaqEntry.is_active).is_(True))
            .order_by(col(FaqEntry.position), col(FaqEntry.id))
        )
        return rows.all()


class FaqResponder(AgentKind[FaqSettings]):
    slug = "faq-responder"
    name = "FAQ auto-responder"
    description = (
        "Answers visitors' chat messages from the FAQ maintained by staff, after showing "
        "typing for a moment; stays quiet when no entry matches well enough."
    )
    settings_model = FaqSettings
    input_model = FaqInput

    async def run(
        self, input: dict[str, Any], config: RunConfig[FaqSettings], context: AgentContext
    ) -> AgentResult:
        message = FaqInput.model_validate(input).message
        match = best_match(
            message, await active_entries(context), min_score=config.settings.min_score
        )
        if match is None:
            return AgentResult(output={"answer": None})
        return AgentResult(
            output={"answer": match.answer, "faq_id": match.entry_id, "score": match.score}
        )
