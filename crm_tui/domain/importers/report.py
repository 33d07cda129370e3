"""The dry-run report: the summary line, refused and duplicate rows, removed control
characters."""

from __future__ import annotations

from ...i18n import _, format_number
from .model import ImportPlan, Table

# -- report ---------------------------------------------------------------------------


def cleaned_notice(table: Table | None, word: str, limit: int = 10) -> str | None:
    """One line saying where control characters were removed as the file was read (None
    when there were none)."""
    if table is None or not (table.cleaned_rows or table.cleaned_header):
        return None
    places = [_("the column names")] if table.cleaned_header else []
    rows = table.cleaned_rows
    if rows:
        shown = ", ".join(format_number(r) for r in rows[:limit])
        places.append(f"{word} {shown}" + (" …" if len(rows) > limit else ""))
    return _(
        "Control characters removed ({places}): they could wipe the screen or change the terminal's title. The text is kept without them.",
        places="; ".join(places),
    )


def report_lines(plan: ImportPlan, limit: int | None = 50) -> list[str]:
    """The dry-run report as lines for the user."""
    word = _("Contact") if plan.row_word == "contact" else _("Row")
    out = [summary_line(plan)]
    notice = cleaned_notice(plan.source[0] if plan.source else None, word)
    if notice:
        out.append(notice)
    if plan.refused:
        out.append(_("Refused:"))
        for issue in plan.refused[:limit]:
            out.append(f"  {word} {issue.row}: {issue.message}")
        if limit is not None and len(plan.refused) > limit:
            out.append(_("  … and {n} more", n=len(plan.refused) - limit))
    if plan.renewals:
        out.append(_("Renewals:"))
        for issue in plan.renewals[:limit]:
            out.append(f"  {word} {issue.row}: {issue.message}")
        if limit is not None and len(plan.renewals) > limit:
            out.append(_("  … and {n} more", n=len(plan.renewals) - limit))
    if plan.duplicates:
        out.append(_("Duplicates:"))
        for issue in plan.duplicates[:limit]:
            out.append(f"  {word} {issue.row}: {issue.message}")
        if limit is not None and len(plan.duplicates) > limit:
            out.append(_("  … and {n} more", n=len(plan.duplicates) - limit))
    return out


def summary_line(plan: ImportPlan) -> str:
    skipped = len(plan.duplicates)
    if plan.on_duplicate == "merge":
        skipped = 0
    n = format_number
    return _(
        "{total} rows: {create} to create, {update} to update, {skipped} duplicates skipped, {merged} merged, {refused} refused.",
        total=n(plan.total),
        create=n(len(plan.create)),
        update=n(len(plan.update)),
        skipped=n(skipped),
        merged=n(len(plan.duplicates) if plan.on_duplicate == "merge" else 0),
        refused=n(len(plan.refused)),
    )
