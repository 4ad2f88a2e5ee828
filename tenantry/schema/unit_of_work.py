from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import suppress

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from tenantry.core.errors import DomainError
from tenantry.schema.caching import current_ticket
from tenantry.schema.context import GraphQLContext, current_unit

log = logging.getLogger("tenantry.graphql")


def _keeps_changes(errors: list[GraphQLError]) -> bool:
    return all(
        isinstance(error.original_error, DomainError) and error.original_error.keep_changes
        for error in errors
    )


class UnitOfWorkExtension(SchemaExtension):
    """Opens the operation's unit of work; commits it when the operation had no errors."""

    async def on_operation(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        if not isinstance(context, GraphQLContext) or context.tenant is None:
            yield
            return
        unit = context.services.db.unit(context.tenant.id)
        ticket = current_ticket.get()
        if ticket is not None:
            unit.tables_read = set()
        token = current_unit.set(unit)
        try:
            yield
            result = self.execution_context.result
            errors = list(getattr(result, "errors", None) or [])
            if errors and not _keeps_changes(errors):
                await unit.rollback()
                return
            wrote = unit.wrote
            try:
                await unit.commit()
            except Exception as exc:
                log.exception("commit failed")
                await unit.rollback()
                if result is not None:
                    result.data = None
                    result.errors = [GraphQLError("Unexpected error.", original_error=exc)]
                return
            if ticket is not None and not errors and not wrote and unit.tables_read is not None:
                ticket.tables = frozenset(unit.tables_read)
                ticket.cacheable = True
        finally:
            await unit.close()
            # A subscription's stream may be closed from another task, whose context never
            # saw the token; the variable dies with the operation's task anyway.
            with suppress(ValueError):
                current_unit.reset(token)
