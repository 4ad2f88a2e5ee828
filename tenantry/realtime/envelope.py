"""The publish time every pub/sub message carries, so that a receiver can tell how late it is.

A message travels as `@<unix seconds>|<message>`. The stamp is the publisher's wall clock, so a
receiver in another process measures the broker's delay plus the two clocks' skew; a negative
delay (a publisher whose clock runs ahead) counts as none. A message without a stamp (from a
publisher that predates it) is delivered as it came and measured not at all.
"""

from __future__ import annotations

import math

# What a stamp adds to a message: "@", seconds with six decimals, "|" (19 bytes until 2286).
STAMP_BYTES = 24
MARK = "@"
SEPARATOR = "|"


def stamp(message: str, *, now: float) -> str:
    return f"{MARK}{now:.6f}{SEPARATOR}{message}"


def unstamp(message: str) -> tuple[float | None, str]:
    """The publish time (None when unstamped) and the message as published."""
    if not message.startswith(MARK):
        return None, message
    head, separator, body = message[1:].partition(SEPARATOR)
    if not separator:
        return None, message
    try:
        sent = float(head)
    except ValueError:
        return None, message
    return (sent, body) if math.isfinite(sent) else (None, message)


def lag(sent: float, *, now: float) -> float:
    return max(0.0, now - sent)
