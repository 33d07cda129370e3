"""Which screen class serves each main section and shared screen (import paths, loaded lazily)."""

SECTION_SCREENS: dict[str, str] = {
    "today": "crm_tui.ui.screens.sections:TodayScreen",
    "customers": "crm_tui.ui.screens.sections:CustomersScreen",
    "reminders": "crm_tui.ui.screens.sections:RemindersScreen",
    "complaints": "crm_tui.ui.screens.sections:ComplaintsScreen",
    "loyalty": "crm_tui.ui.screens.sections:LoyaltyScreen",
}

# Shared screens other areas open (customer card and form), by the customers area.
CUSTOMER_CARD = "crm_tui.ui.screens.card:CustomerCardScreen"
CUSTOMER_FORM = "crm_tui.ui.screens.customer_form:CustomerFormScreen"


def load(path: str):
    import importlib

    module_name, _sep, attr = path.partition(":")
    return getattr(importlib.import_module(module_name), attr)
