"""Whole answers to public reads, kept while the tables they were computed from are unchanged.

An entry remembers the tables its answer read and the tick (tenantry.db.changes) at which the
reading started. It is served while none of those tables has changed since, for at most
`ttl` seconds (what a table cannot tell: the clock passing a post's publication time, writes
by another process that this one has not heard of yet). Answers read while a write to their
tables committed are never stored.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Final

from tenantry.db.changes import ANY_TABLE, TableStamps

# Every answer depends on its tenant's row (name, currency, settings), which requests read from
# the tenant directory rather than through the session.
ANSWER_ALWAYS_READS: Final = frozenset({"tenant"})


@dataclass
class Ticket:
    """A cacheable request in flight: filled in by whatever computes the answer."""

    key: Hashable
    tenant_id: int
    started: int  # the stamps' tick when the request started reading
    tables: frozenset[str] = frozenset()
    cacheable: bool = False


@dataclass(frozen=True)
class _Entry:
    body: bytes
    tenant_id: int
    tables: frozenset[str]
    tick: int
    expires: float


@dataclass
class ResponseCache:
    stamps: TableStamps
    ttl: float
    max_entries: int = 2048
    max_body_bytes: int = 512 * 1024
    _entries: OrderedDict[Hashable, _Entry] = field(default_factory=OrderedDict)

    def get(self, key: Hashable, *, now: float) -> bytes | None:
        """now: seconds on the app's clock (tests move it; scheduled posts follow it)."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.expires <= now or not self.stamps.unchanged_since(
            entry.tick, entry.tenant_id, entry.tables
        ):
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return entry.body

    def ticket(self, key: Hashable, tenant_id: int) -> Ticket:
        return Ticket(key=key, tenant_id=tenant_id, started=self.stamps.now)

    def put(self, ticket: Ticket, body: bytes, *, now: float) -> bool:
        """Stores the answer if it may be served again; says whether it did."""
        if not ticket.cacheable or ANY_TABLE in ticket.tables or len(body) > self.max_body_bytes:
            return False
        tables = ticket.tables | ANSWER_ALWAYS_READS
        if not self.stamps.unchanged_since(ticket.started, ticket.tenant_id, tables):
            return False
        self._entries[ticket.key] = _Entry(
            body=body,
            tenant_id=ticket.tenant_id,
            tables=tables,
            tick=ticket.started,
            expires=now + self.ttl,
        )
        self._entries.move_to_end(ticket.key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        return True

    def __len__(self) -> int:
        return len(self._entries)
