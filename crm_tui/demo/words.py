"""The demo's word lists: names, places, companies, products, complaint texts.

They live as data in ``data/*.json`` next to this module (shipped as package data), one file
per topic; each JSON key is the lower-case name of the constant here. Lists come back as
tuples, as the generator draws from them and never changes them.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any


def _tuples(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


def _load(topic: str) -> dict[str, Any]:
    text = files(__package__).joinpath("data", f"{topic}.json").read_text(encoding="utf-8")
    return {k: _tuples(v) for k, v in json.loads(text).items()}


_people = _load("people")
MALE = _people["male"]
FEMALE = _people["female"]
SURNAMES = _people["surnames"]
CUSTOMER_NOTES = _people["customer_notes"]
TAGS = _people["tags"]
SOURCES = _people["sources"]
LADDER = _people["ladder"]
CONSENT_METHODS = _people["consent_methods"]
STAFF = _people["staff"]

_business = _load("business")
SECTORS = _business["sectors"]
SOLE_TRADERS = _business["sole_traders"]
COMPANY_SUFFIXES = _business["company_suffixes"]
EMPLOYERS = _business["employers"]
TAX_OFFICES = _business["tax_offices"]

_places = _load("places")
CITIES = _places["cities"]
STREETS = _places["streets"]
NEIGHBOURHOODS = _places["neighbourhoods"]
MOBILE_PREFIXES = _places["mobile_prefixes"]
MAIL_DOMAINS = _places["mail_domains"]

_insurance = _load("insurance")
PROVIDERS = _insurance["providers"]
HEALTH_PROVIDERS = _insurance["health_providers"]
LIFE_PROVIDERS = _insurance["life_providers"]
# line: (premium min, premium max (TRY, this year), commission rate, providers); the
# providers are named by their list in the same file.
LINES = {
    line: (lo, hi, rate, _insurance[providers])
    for line, (lo, hi, rate, providers) in _insurance["lines"].items()
}
LOST_REASONS = _insurance["lost_reasons"]
PLATE_LETTERS = _insurance["plate_letters"]
WARRANTY_BRANDS = _insurance["warranty_brands"]

_shop = _load("shop")
PURCHASE_CATEGORIES = _shop["purchase_categories"]

_contact = _load("contact")
INTERACTIONS = _contact["interactions"]
OUTCOMES = _contact["outcomes"]
REMINDER_TITLES = _contact["reminder_titles"]
RECURRING = _contact["recurring"]
GENERAL_TASKS = _contact["general_tasks"]

_complaints = _load("complaints")
COMPLAINT_CHANNELS = _complaints["complaint_channels"]
PRIORITIES = _complaints["priorities"]
STATUS_WEIGHTS = _complaints["status_weights"]
COMPLAINTS = _complaints["complaints"]
COMPLAINT_CATEGORIES = _complaints["complaint_categories"]
COMPLAINT_NOTES = _complaints["complaint_notes"]
RESOLUTIONS = _complaints["resolutions"]
NPS_COMMENTS = _complaints["nps_comments"]
CSAT_COMMENTS = {int(score): texts for score, texts in _complaints["csat_comments"].items()}
