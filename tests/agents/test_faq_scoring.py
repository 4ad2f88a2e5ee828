"""The FAQ responder's scoring, on entries built in memory."""

from __future__ import annotations

import pytest

from tenantry.agents.faq import best_match, score, terms
from tenantry.models.agents import FaqEntry

HOURS = FaqEntry(
    id=1,
    question="What are your opening hours?",
    answer="We are open 9 to 5, Monday to Friday.",
    keywords=["open", "hours"],
)
SHIPPING = FaqEntry(
    id=2,
    question="How long does shipping take?",
    answer="Shipping takes 3 to 5 business days.",
    keywords=["delivery", "shipping"],
)
RETURNS = FaqEntry(
    id=3,
    question="Can I return an item?",
    answer="Returns are free within 30 days.",
    keywords=["refund", "money back"],
)
ENTRIES = [HOURS, SHIPPING, RETURNS]


def test_terms_drop_stopwords_case_and_plurals() -> None:
    assert terms("What are YOUR opening Hours?") == {"opening", "hour"}


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("what are your opening hours", HOURS),
        ("When are you open?", HOURS),
        ("how long does delivery take", SHIPPING),
        ("I want a refund", RETURNS),
        ("Can I get my money back?", RETURNS),
        ("return item", RETURNS),
    ],
)
def test_each_question_finds_its_entry(message: str, expected: FaqEntry) -> None:
    # when
    match = best_match(message, ENTRIES, min_score=0.5)
    # then
    assert match is not None
    assert (match.entry_id, match.answer) == (expected.id, expected.answer)


def test_an_unrelated_message_has_no_answer() -> None:
    assert best_match("Do you sell gift cards?", ENTRIES, min_score=0.5) is None


def test_a_message_of_stopwords_only_scores_nothing() -> None:
    assert score("hello, how are you?", HOURS) == 0.0
    assert best_match("hello, how are you?", ENTRIES, min_score=0) is None


def test_the_exact_question_scores_its_words_and_keywords() -> None:
    # opening + hour of the question (1.0), and the keyword "hours" (0.5)
    assert score("What are your opening hours?", HOURS) == 1.5


def test_a_partial_match_is_answered_only_up_to_the_threshold() -> None:
    # given: one of the two significant words of the question, no keyword
    message = "opening?"
    assert score(message, HOURS) == 0.5
    # then
    assert best_match(message, ENTRIES, min_score=0.5) is not None
    assert best_match(message, ENTRIES, min_score=0.6) is None


def test_ties_go_to_the_lower_position() -> None:
    # given: two entries that match equally
    first = FaqEntry(id=10, question="Where is my order?", answer="A", position=2)
    second = FaqEntry(id=11, question="Where is my order?", answer="B", position=1)
    # when
    match = best_match("where is my order", [first, second], min_score=0.5)
    # then
    assert match is not None
    assert match.answer == "B"


def test_a_multi_word_keyword_matches_as_a_phrase() -> None:
    assert score("I'd like my money back please", RETURNS) == 0.5
