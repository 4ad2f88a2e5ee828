"""The reservations' per-operation DataLoaders: one statement per relation for a whole list."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from tenantry.models.reservations import StaffHours
from tenantry.resolvers import reservations
from tenantry.schema import dataloaders
from tenantry.schema.context import GraphQLContext
from tenantry.schema.dataloaders import batch_loader

NAMES = (
    "reservation_staff_by_service_id",
    "reservation_services_by_staff_id",
    "reservation_hours_by_staff_id",
)
NONE: list[int] = []
NO_HOURS: list[StaffHours] = []


def forget(context: GraphQLContext) -> None:
    dataloaders.forget(context, *NAMES)


def staff_ids_by_service_id(context: GraphQLContext) -> DataLoader[int, list[int]]:
    return batch_loader(context, NAMES[0], reservations.staff_ids_by_service_ids, NONE)


def service_ids_by_staff_id(context: GraphQLContext) -> DataLoader[int, list[int]]:
    return batch_loader(context, NAMES[1], reservations.service_ids_by_staff_ids, NONE)


def hours_by_staff_id(context: GraphQLContext) -> DataLoader[int, list[StaffHours]]:
    return batch_loader(context, NAMES[2], reservations.hours_by_staff_ids, NO_HOURS)
