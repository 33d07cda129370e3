"""crm-tui: a keyboard-driven terminal CRM for small businesses."""

__version__ = "0.1.0"
