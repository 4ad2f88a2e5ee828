"""Tenant isolation below the resolvers.

Every session declares its scope: a tenant id, or SYSTEM for the few places that must see all
tenants (tenant lookup by slug, domain or key; the CLI). A scoped session adds
`tenant_id = :tenant` for every tenant-owned model to every ORM statement, including entities
hidden in subqueries, and stamps tenant_id on new rows.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Final

from sqlalchemy import Table, event
from sqlalchemy.orm import (
    ORMExecuteState,
    Session,
    UOWTransaction,
    class_mapper,
    with_loader_criteria,
)
from sqlmodel import SQLModel

from tenantry.db import changes
from tenantry.models.base import TenantOwned, tenant_owned_models

SCOPE_KEY: Final = "tenant_scope"
SYSTEM: Final = "system"


class ScopeViolation(RuntimeError):
    pass


class TenantSession(Session):
    pass


def tenant_scope(session: Session) -> int | None:
    """The session's tenant id, or None for a system session."""
    scope = session.info.get(SCOPE_KEY)
    if scope is None:
        raise ScopeViolation("session was opened without a tenant scope")
    return None if scope == SYSTEM else int(scope)


@lru_cache(maxsize=1)
def _models_by_table() -> dict[str, type[SQLModel]]:
    found: dict[str, type[SQLModel]] = {}
    for model in tenant_owned_models():
        table = class_mapper(model).local_table
        assert isinstance(table, Table), model  # a table model maps exactly its own Table
        found[table.name] = model
    return found


def tenant_tables_in(statement: Any) -> tuple[str, ...]:
    """The tenant-owned tables a statement touches anywhere, subqueries included."""
    return _tenant_tables(changes.tables_in(statement))


def _tenant_tables(tables: frozenset[str]) -> tuple[str, ...]:
    models = _models_by_table()
    return tuple(sorted(name for name in tables if name in models))


def _same_tenant(tenant_id: int) -> Any:
    # A lambda, not an expression, so that SQLAlchemy applies it to every alias of the model
    # (an expression names the base table even inside an aliased join). tenant_id is a tracked
    # closure variable: it becomes a bound parameter, never part of the cached SQL.
    return lambda cls: cls.tenant_id == tenant_id


@lru_cache(maxsize=4096)
def _criteria(tenant_id: int, tables: tuple[str, ...]) -> tuple[Any, ...]:
    models = _models_by_table()
    return tuple(
        with_loader_criteria(models[table], _same_tenant(tenant_id), include_aliases=True)
        for table in tables
    )


@event.listens_for(TenantSession, "do_orm_execute")
def _scope_statement(state: ORMExecuteState) -> None:
    tenant_id = tenant_scope(state.session)
    found = changes.tables_in(state.statement)
    changes.note_statement(state, found)
    if tenant_id is None:
        return
    if state.is_select or state.is_update or state.is_delete:
        # Criteria for exactly the tenant-owned tables the statement reaches (walking into
        # subqueries, which ORMExecuteState.all_mappers does not): the same isolation as
        # criteria for every model, at a fraction of the compile cost.
        tables = _tenant_tables(found)
        if tables:
            state.statement = state.statement.options(*_criteria(tenant_id, tables))


@event.listens_for(TenantSession, "before_flush")
def _stamp_tenant(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    changes.note_flush(session)
    tenant_id = tenant_scope(session)
    if tenant_id is None:
        return
    for obj in session.new:
        if isinstance(obj, TenantOwned):
            if obj.tenant_id is None:
                obj.tenant_id = tenant_id
            elif obj.tenant_id != tenant_id:
                raise ScopeViolation(f"{type(obj).__name__} of another tenant added")
    for obj in session.dirty:
        if isinstance(obj, TenantOwned) and obj.tenant_id != tenant_id:
            raise ScopeViolation(f"{type(obj).__name__} moved to another tenant")
