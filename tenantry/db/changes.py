"""Which tables a transaction read and wrote, and when each table last changed.

Every committed write stamps its tables with a tick of one clock, per tenant (a system
session's writes stamp them for every tenant). Something computed from tables T at tick k is
still true as long as no table of T has a stamp after k: that is how the response cache knows
an answer is current without being told which answers a write affects.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any, Final

from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql import visitors
from sqlalchemy.sql.selectable import TableClause

READ_KEY: Final = "tables_read"
WRITTEN_KEY: Final = "tables_written"
# Stands for tables a statement touched but did not name (textual SQL): depends on everything.
ANY_TABLE: Final = "*"

# (tenant id or None for every tenant, the tables, whether the change was committed here)
Changed = Callable[[int | None, frozenset[str], bool], None]


def tables_in(statement: Any) -> frozenset[str]:
    """Every table a statement names anywhere, subqueries included."""
    return frozenset(
        element.name for element in visitors.iterate(statement) if isinstance(element, TableClause)
    )


def note_statement(state: ORMExecuteState, tables: frozenset[str]) -> None:
    info = state.session.info
    if state.is_insert or state.is_update or state.is_delete:
        target = getattr(state.statement, "table", None)
        written = {target.name} if isinstance(target, TableClause) else set(tables)
        info.setdefault(WRITTEN_KEY, set()).update(written or {ANY_TABLE})
        return
    read: set[str] | None = info.get(READ_KEY)
    if read is not None:
        read.update(tables if tables or state.is_select else {ANY_TABLE})


def note_flush(session: Session) -> None:
    changed = itertools.chain(session.new, session.dirty, session.deleted)
    names = {type(obj).__table__.name for obj in changed}
    if names:
        session.info.setdefault(WRITTEN_KEY, set()).update(names)


class TableStamps:
    """When each (tenant, table) last changed, on this process's clock."""

    def __init__(self) -> None:
        self._tick = 0
        self._stamps: dict[tuple[int | None, str], int] = {}
        self._listeners: list[Changed] = []

    @property
    def now(self) -> int:
        return self._tick

    def listen(self, listener: Changed) -> None:
        self._listeners.append(listener)

    def changed(self, tenant_id: int | None, tables: Iterable[str], *, local: bool = True) -> None:
        """local: committed by this process (else heard from another, see table_changes.py)."""
        self._tick += 1
        names = frozenset(tables)
        for name in names:
            self._stamps[(tenant_id, name)] = self._tick
        for listener in self._listeners:
            listener(tenant_id, names, local)

    def unchanged_since(self, tick: int, tenant_id: int, tables: Iterable[str]) -> bool:
        stamps = self._stamps
        for name in (*tables, ANY_TABLE):
            if stamps.get((tenant_id, name), 0) > tick or stamps.get((None, name), 0) > tick:
                return False
        return True
