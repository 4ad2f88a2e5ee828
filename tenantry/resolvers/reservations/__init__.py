"""Reservations: settings, services and staff, availability, booking that never double-books,
and each booking's lifecycle."""

from tenantry.resolvers.reservations.availability import Slot
from tenantry.resolvers.reservations.booking import (
    SLOT_UNAVAILABLE,
    SlotUnavailable,
    create_reservation,
    create_reservation_once,
)
from tenantry.resolvers.reservations.calendar import available_dates, available_slots
from tenantry.resolvers.reservations.catalog import (
    add_time_off,
    create_service,
    create_staff,
    delete_service,
    hours_by_staff_ids,
    list_services,
    list_staffs,
    parse_instant,
    service_ids_by_staff_ids,
    set_staff_hours,
    staff_ids_by_service_ids,
    update_service,
)
from tenantry.resolvers.reservations.inputs import (
    BookingIn,
    HoursIn,
    HoursListIn,
    MonthQuery,
    ScheduleFilter,
    ServiceIn,
    ServiceUpdate,
    SettingsUpdate,
    SlotQuery,
    StaffIn,
    TimeOffIn,
)
from tenantry.resolvers.reservations.lifecycle import (
    cancel_reservation,
    get_reservation,
    list_my_reservations,
    list_reservations,
    may_see,
    move_reservation,
)
from tenantry.resolvers.reservations.notices import (
    SCHEDULE_CHANGED,
    STATUS_CHANGED,
    reservation_object,
)
from tenantry.resolvers.reservations.settings import (
    get_reservation_settings,
    update_reservation_settings,
)

__all__ = [
    "SCHEDULE_CHANGED",
    "SLOT_UNAVAILABLE",
    "STATUS_CHANGED",
    "BookingIn",
    "HoursIn",
    "HoursListIn",
    "MonthQuery",
    "ScheduleFilter",
    "ServiceIn",
    "ServiceUpdate",
    "SettingsUpdate",
    "Slot",
    "SlotQuery",
    "SlotUnavailable",
    "StaffIn",
    "TimeOffIn",
    "add_time_off",
    "available_dates",
    "available_slots",
    "cancel_reservation",
    "create_reservation",
    "create_reservation_once",
    "create_service",
    "create_staff",
    "delete_service",
    "get_reservation",
    "get_reservation_settings",
    "hours_by_staff_ids",
    "list_my_reservations",
    "list_reservations",
    "list_services",
    "list_staffs",
    "may_see",
    "move_reservation",
    "parse_instant",
    "reservation_object",
    "service_ids_by_staff_ids",
    "set_staff_hours",
    "staff_ids_by_service_ids",
    "update_reservation_settings",
    "update_service",
]
