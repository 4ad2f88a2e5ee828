"""Forms: staff-defined fields, validated public submissions, a per-IP limit. Both edges call
these functions."""

from tenantry.resolvers.forms.definitions import (
    FieldType,
    FormFieldIn,
    FormIn,
    FormSettingsIn,
    FormUpdate,
)
from tenantry.resolvers.forms.forms import (
    DEFAULT_SUCCESS_MESSAGE,
    create_form,
    delete_form,
    forms_by_ids,
    get_form,
    list_forms,
    success_message,
    update_form,
)
from tenantry.resolvers.forms.submissions import (
    IpAllowance,
    SubmissionIn,
    Submitted,
    check_ip,
    list_my_submissions,
    list_submissions,
    submit_form,
)

__all__ = [
    "DEFAULT_SUCCESS_MESSAGE",
    "FieldType",
    "FormFieldIn",
    "FormIn",
    "FormSettingsIn",
    "FormUpdate",
    "IpAllowance",
    "SubmissionIn",
    "Submitted",
    "check_ip",
    "create_form",
    "delete_form",
    "forms_by_ids",
    "get_form",
    "list_forms",
    "list_my_submissions",
    "list_submissions",
    "submit_form",
    "success_message",
    "update_form",
]
