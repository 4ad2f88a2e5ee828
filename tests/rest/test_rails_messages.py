"""Laravel-style field messages become Rails-style full messages for dialect C."""

from __future__ import annotations

import pytest

from tenantry.rest.rails_messages import full_message, full_messages, humanize


@pytest.mark.parametrize(
    ("field", "laravel", "rails"),
    [
        ("email", "The email field is required.", "Email can't be blank"),
        ("email", "The email field must be a valid email address.", "Email is invalid"),
        ("email", "The email has already been taken.", "Email has already been taken"),
        (
            "password",
            "The password field must be at least 8 characters.",
            "Password is too short (minimum is 8 characters)",
        ),
        (
            "name",
            "The name field must not be greater than 200 characters.",
            "Name is too long (maximum is 200 characters)",
        ),
        (
            "code",
            "The code field must be 1 characters.",
            "Code is the wrong length (should be 1 character)",
        ),
        ("per_page", "The per page field must be an integer.", "Per page must be an integer"),
        ("price", "The price field must be a number.", "Price is not a number"),
        ("page", "The page field must be at least 1.", "Page must be greater than or equal to 1"),
        (
            "per_page",
            "The per page field must not be greater than 50.",
            "Per page must be less than or equal to 50",
        ),
        ("rating", "The rating field must be greater than 0.", "Rating must be greater than 0"),
        ("rating", "The rating field must be less than 6.", "Rating must be less than 6"),
        (
            "post_type",
            "The selected post type is invalid.",
            "Post type is not included in the list",
        ),
        ("image_link", "The image link field must be a valid URL.", "Image link is invalid"),
        ("slug", "The slug field is invalid.", "Slug is invalid"),
        (
            "password",
            "The password field confirmation does not match.",
            "Password confirmation doesn't match Password",
        ),
        (
            "tags",
            "The tags field must have at least 2 items.",
            "Tags is too short (minimum is 2 items)",
        ),
        ("category_id", "The category id field must be an integer.", "Category must be an integer"),
        ("avatar_url", "The avatar url field must be a valid URL.", "Avatar url is invalid"),
        ("body_data", "The body data field must be an object.", "Body data must be an object"),
        ("quantity", "must be at least 1", "Quantity must be at least 1"),
    ],
)
def test_known_laravel_shapes_become_rails_full_messages(
    field: str, laravel: str, rails: str
) -> None:
    assert full_message(field, laravel) == rails


def test_an_unknown_message_passes_through() -> None:
    message = "Body data key 'invalid@key' contains invalid characters"
    assert full_message("body_data", message) == message


def test_a_body_level_message_passes_through() -> None:
    message = "The request body must be a JSON object."
    assert full_message("body", message) == message


def test_full_messages_flattens_fields_in_order() -> None:
    fields = {
        "email": ["The email field is required."],
        "password": ["The password field is required.", "The password field is invalid."],
    }
    assert full_messages(fields) == [
        "Email can't be blank",
        "Password can't be blank",
        "Password is invalid",
    ]


@pytest.mark.parametrize(
    ("attribute", "human"),
    [
        ("email", "Email"),
        ("body_data", "Body data"),
        ("category_id", "Category"),
        ("post.title", "Post title"),
        ("items.0.name", "Items name"),
        ("id", "Id"),
    ],
)
def test_humanize_follows_active_support(attribute: str, human: str) -> None:
    assert humanize(attribute) == human
