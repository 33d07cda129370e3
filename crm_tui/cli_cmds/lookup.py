"""``crm-tui lookup TEXT``: find customers without starting the TUI (never imports Textual)."""

from __future__ import annotations

from ..i18n import N_, _

NAME = "lookup"
HELP = N_("find customers by name, phone, e-mail, ID number, policy number or plate")


def add_arguments(parser) -> None:
    parser.add_argument("text", nargs="+", metavar="TEXT", help=_("what to look for"))
    parser.add_argument("--archived", action="store_true", help=_("include archived customers"))
    parser.add_argument(
        "--limit", type=int, default=20, metavar="N", help=_("show at most N matches (default: 20)")
    )


def run(args) -> int:
    from ..cli import CliError, open_db

    if args.limit < 1:
        raise CliError(_("--limit must be at least 1."))
    text = " ".join(args.text).strip()
    if not text:
        raise CliError(_("Nothing to look for: give a name, number or other text."))
    open_db(args)
    from ..domain.customers import search_customers

    hits = search_customers(text, limit=args.limit, include_archived=args.archived)
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not hits:
        console.print(_("No customer matches “{text}”.", text=text), markup=False)
        return 1
    from ..i18n import format_date

    table = Table(show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column(_("Name"), style="bold")
    table.add_column(_("Company"))
    table.add_column(_("Phone"), no_wrap=True)
    table.add_column(_("E-mail"))
    table.add_column(_("City"))
    table.add_column(_("Last contact"), no_wrap=True)
    for hit in hits:
        name = hit.name + (" " + _("(archived)") if hit.archived else "")
        cells = (
            str(hit.id),
            name,
            hit.company or "",
            hit.phone or "",
            hit.email or "",
            hit.city or "",
            format_date(hit.last_contact_at),
        )
        table.add_row(*(Text(cell) for cell in cells))  # names are data, not markup
    console.print(table)
    return 0
