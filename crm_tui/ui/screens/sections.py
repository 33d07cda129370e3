"""Placeholder empty states for areas still being built (replaced screen by screen)."""

from __future__ import annotations

from ...i18n import N_
from .base import EmptySection


class TodayScreen(EmptySection):
    SECTION = "today"
    MESSAGE = N_("Nothing is due today. The day is clear.")


class CustomersScreen(EmptySection):
    SECTION = "customers"
    MESSAGE = N_("No customers yet.")


class RemindersScreen(EmptySection):
    SECTION = "reminders"
    MESSAGE = N_("No reminders yet.")


class ComplaintsScreen(EmptySection):
    SECTION = "complaints"
    MESSAGE = N_("No complaints. Every customer is happy.")


class LoyaltyScreen(EmptySection):
    SECTION = "loyalty"
    MESSAGE = N_("No purchases or policies yet: loyalty figures appear once there is data.")
