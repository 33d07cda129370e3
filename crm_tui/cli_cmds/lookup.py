"""``crm-tui lookup TEXT``: find customers without starting the TUI (never imports Textual)."""

from __future__ import annotations

import argparse
from typing import Any

from ..i18n import N_, _

NAME = "lookup"
HELP = N_("find customers by name, phone, e-mail, ID number, policy number or plate")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="*", metavar="TEXT", help=_("what to look for"))
    parser.add_argument(
        "--view", metavar="NAME", help=_("list the customers of a saved view instead")
    )
    parser.add_argument("--archived", action="store_true", help=_("include archived customers"))
    parser.add_argument(
        "--limit", type=int, default=20, metavar="N", help=_("show at most N matches (default: 20)")
    )


def _view_hits(name: str, limit: int) -> list:
    """The first ``limit`` customers of the saved view ``name`` as lookup hits."""
    from ..domain.customers.views import view_hits
    from ..domain.errors import ValidationError
    from .common import CliError

    try:
        return view_hits(name, limit)
    except ValidationError as exc:
        raise CliError(str(exc)) from exc


def run(args: argparse.Namespace) -> int:
    from ..safe_text import printable
    from .common import CliError, open_db

    if args.limit < 1:
        raise CliError(_("--limit must be at least 1."))
    text = " ".join(args.text).strip()
    if not text and not args.view:
        raise CliError(_("Nothing to look for: give a name, number or other text."))
    open_db(args)
    from ..domain.customers import search_customers

    if args.view:
        hits = _view_hits(args.view, args.limit)
        text = args.view
    else:
        hits = search_customers(text, limit=args.limit, include_archived=args.archived)
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not hits:
        console.print(printable(_("No customer matches “{text}”.", text=text)), markup=False)
        if (
            not args.view
            and not args.archived
            and search_customers(text, limit=1, include_archived=True)
        ):
            console.print(_("Archived customers match: add --archived to see them."))
        return 1
    from ..i18n import format_date

    # Columns nobody in the result has are left out, so names keep their line at 80 columns.
    rows = [
        {
            "#": str(hit.id),
            "name": hit.name + (" " + _("(archived)") if hit.archived else ""),
            "company": hit.company or "",
            "phone": hit.phone or "",
            "email": hit.email or "",
            "city": hit.city or "",
            "last": format_date(hit.last_contact_at),
        }
        for hit in hits
    ]
    columns: list[tuple[str, str, dict[str, Any]]] = [
        ("#", "#", {"justify": "right", "style": "dim", "no_wrap": True}),
        ("name", _("Name"), {"style": "bold", "no_wrap": True, "overflow": "ellipsis"}),
        ("company", _("Company"), {"overflow": "ellipsis", "no_wrap": True}),
        ("phone", _("Phone"), {"no_wrap": True}),
        ("email", _("E-mail"), {"overflow": "ellipsis", "no_wrap": True}),
        ("city", _("City"), {"no_wrap": True}),
        ("last", _("Last contact"), {"no_wrap": True}),
    ]
    columns = [c for c in columns if any(row[c[0]] for row in rows)]
    # Numbers, phones and dates are never cut. When the terminal is narrow the e-mail and
    # then the company column give way (the card has them), and names are cut last.
    widest = {key: max(len(title), *(len(row[key]) for row in rows)) for key, title, _o in columns}
    widest["last"] = max(len(row["last"]) for row in rows) if "last" in widest else 0
    floor = {"name": 16, "city": 8, "company": 12, "email": 16}

    def fit(cols) -> dict[str, int] | None:
        """Widths that fit the terminal (3 cells between columns), or None."""
        widths = {k: widest[k] for k, _t, _o in cols}
        room = console.width - 3 * (len(cols) - 1)
        for key in ("email", "company", "city", "name"):  # who gives way, in order
            over = sum(widths.values()) - room
            if over > 0 and key in widths:
                widths[key] = max(min(floor[key], widest[key]), widths[key] - over)
        return widths if sum(widths.values()) <= room else None

    widths = fit(columns)
    for optional in ("email", "company", "last", "city"):
        cut = widths is not None and optional in widths and widths[optional] < widest[optional]
        if widths is None or cut:
            trimmed = [c for c in columns if c[0] != optional]
            if widths is None or fit(trimmed) is not None:
                columns, widths = trimmed, fit(trimmed)
    table = Table(show_edge=False, pad_edge=False)
    for key, title, options in columns:
        if widths is not None:
            options["width"] = widths[key]
        table.add_column(title, **options)
    for row in rows:
        # data, not markup; control characters shown, not sent
        table.add_row(*(Text(printable(row[key])) for key, _t, _o in columns))
    console.print(table)
    return 0
