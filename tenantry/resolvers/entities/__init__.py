"""Custom entities: runtime-defined schemas and records validated against them."""

from tenantry.resolvers.entities.entities import (
    EntityChange,
    EntityIn,
    EntityUpdate,
    create_entity,
    delete_entity,
    get_entity,
    list_entities,
    update_entity,
)
from tenantry.resolvers.entities.filters import (
    RecordFilter,
    RecordSort,
    parse_op,
    parse_sort,
    query_filters,
)
from tenantry.resolvers.entities.lookups import record_counts
from tenantry.resolvers.entities.migration_report import (
    InvalidRecord,
    ValidationReport,
    entity_validation_report,
)
from tenantry.resolvers.entities.records import (
    RecordQuery,
    create_record,
    delete_record,
    get_record,
    list_records,
    update_record,
)
from tenantry.resolvers.entities.schema import EntitySchema, FieldSpec, FieldType, parse_schema

__all__ = [
    "EntityChange",
    "EntityIn",
    "EntitySchema",
    "EntityUpdate",
    "FieldSpec",
    "FieldType",
    "InvalidRecord",
    "RecordFilter",
    "RecordQuery",
    "RecordSort",
    "ValidationReport",
    "create_entity",
    "create_record",
    "delete_entity",
    "delete_record",
    "entity_validation_report",
    "get_entity",
    "get_record",
    "list_entities",
    "list_records",
    "parse_op",
    "parse_schema",
    "parse_sort",
    "query_filters",
    "record_counts",
    "update_entity",
    "update_record",
]
