"""The publish-time stamp every pub/sub message carries."""

from __future__ import annotations

from tenantry.realtime.envelope import lag, stamp, unstamp


def test_a_stamped_message_gives_back_its_publish_time_and_itself() -> None:
    stamped = stamp('{"event":"e","data":{}}', now=1765152000.25)
    assert unstamp(stamped) == (1765152000.25, '{"event":"e","data":{}}')


def test_a_message_without_a_stamp_passes_unchanged() -> None:
    assert unstamp('{"event":"e"}') == (None, '{"event":"e"}')
    assert unstamp("hello") == (None, "hello")


def test_a_message_that_only_looks_stamped_passes_unchanged() -> None:
    assert unstamp("@soon|hello") == (None, "@soon|hello")
    assert unstamp("@1765152000") == (None, "@1765152000")
    assert unstamp("@nan|hello") == (None, "@nan|hello")


def test_a_message_body_may_hold_the_separator() -> None:
    assert unstamp(stamp("a|b|c", now=1.5)) == (1.5, "a|b|c")


def test_a_publisher_clock_ahead_of_ours_counts_as_no_delay() -> None:
    assert lag(100.0, now=99.0) == 0.0
    assert lag(100.0, now=100.5) == 0.5
