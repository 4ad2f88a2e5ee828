"""Throttles on what anyone may try many times (signing in, registering, asking for mail): a
limit per window per key, counted where every instance sees it (Redis when configured). The
domain names the buckets and keys; the serving layer supplies the counter."""

from __future__ import annotations

from typing import Protocol

from tenantry.core.errors import RateLimited

TOO_MANY = "Too many attempts. Please try again in {seconds} seconds."


class Throttle(Protocol):
    async def attempt(self, bucket: str, key: str, *, rule: str) -> int | None:
        """Counts one attempt; None while within `rule` ("5/hour", "30 per 5 minutes"),
        else the seconds until the next attempt is allowed."""
        ...


class Unthrottled:
    """For calls made by the system itself (the CLI, background work)."""

    async def attempt(self, bucket: str, key: str, *, rule: str) -> int | None:
        return None


async def throttle(throttle: Throttle, bucket: str, checks: dict[str, str]) -> None:
    """Counts the attempt against each key's rule; RateLimited on the first one exceeded.
    Every key is counted, so switching addresses from one IP still counts against the IP."""
    waits = [await throttle.attempt(bucket, key, rule=rule) for key, rule in checks.items()]
    refused = [wait for wait in waits if wait is not None]
    if refused:
        seconds = max(refused)
        raise RateLimited(seconds, TOO_MANY.format(seconds=seconds))
