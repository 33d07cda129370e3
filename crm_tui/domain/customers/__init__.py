"""Customers: create, update, look up, find duplicates, merge, archive and restore."""

from __future__ import annotations

from .editing import (  # noqa: F401
    archive_customer,
    consent_states,
    count_customers,
    create_customer,
    customer_input,
    customer_name,
    get_customer,
    restore_customer,
    tags_of,
    update_customer,
)
from .lookup import (  # noqa: F401
    CustomerHit,
    find_by_phone,
    looks_like_phone_number,
    policy_numbers,
    recent_customers,
    search_customers,
)
from .merge import (  # noqa: F401
    find_duplicates,
    merge_customers,
)
from .validation import (  # noqa: F401
    CustomerInput,
    Duplicate,
    parse_form,
    parse_tags,
    validate,
)
