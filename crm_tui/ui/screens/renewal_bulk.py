"""The renewal workbench's filter form and its bulk actions (assign, remind, mark offered)
on the rows chosen with space (or all shown), for the renewal list (``renewals.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...domain import renewal_workbench as wb
from ...domain import who
from ...domain.errors import ValidationError
from ...domain.labels import LABELS, label
from ...domain.parsing import parse_date
from ...i18n import N_, _, format_date, ngettext
from ..dialogs.form import Field, FormScreen
from ..dialogs.prompt import PromptScreen
from ..faults import act
from .reminder_form import assignee_field


class WorkbenchFilterForm(FormScreen):
    """Period (by end date), line, insurer, state, premium change band and user."""

    def __init__(self, current: wb.WorkbenchFilter) -> None:
        self.current = current
        self.users = who.known_users()
        self.insurers = wb.insurers()
        super().__init__()

    def title_text(self) -> str:
        return _("Filter the renewals")

    def fields(self) -> list[Field]:
        f = self.current
        first, last = f.period()
        return [
            Field("date_from", N_("Ending from"), value=format_date(first)),
            Field("date_to", N_("Ending up to"), value=format_date(last)),
            Field(
                "line",
                N_("Line"),
                kind="select",
                value=f.line,
                options=[(label("line", code), code) for code in LABELS["line"]],
            ),
            Field(
                "insurer",
                N_("Insurer"),
                value=f.insurer or "",
                suggestions=self.insurers,
                placeholder=N_("every insurer"),
            ),
            Field(
                "state",
                N_("State"),
                kind="select",
                value=f.state,
                options=[(wb.state_text(code), code) for code in ["todo", *wb.STATES]],
            ),
            Field(
                "band",
                N_("Premium change"),
                kind="select",
                value=f.band,
                options=[(wb.band_label(code), code) for code in wb.BAND_NAMES],
            ),
            Field(
                "user",
                N_("Assigned to"),
                value=f.user or "",
                suggestions=self.users,
                placeholder=N_("anyone"),
                hint=N_("- for nobody"),
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        errors: dict[str, str] = {}
        days = {}
        for name in ("date_from", "date_to"):
            text = (values.get(name) or "").strip()
            try:
                days[name] = parse_date(text) if text else None
            except ValidationError as exc:
                errors[name] = str(exc)
        if not errors and days["date_from"] and days["date_to"]:
            if days["date_to"] < days["date_from"]:
                errors["date_to"] = _("The end of the period must not be before its start.")
        if errors:
            raise ValidationError(errors)
        return wb.WorkbenchFilter(
            date_from=days["date_from"],
            date_to=days["date_to"],
            line=values.get("line") or None,
            insurer=(values.get("insurer") or "").strip() or None,
            state=values.get("state") or None,
            band=values.get("band") or None,
            user=(values.get("user") or "").strip() or None,
        )


class AssignRenewals(FormScreen):
    """To whom the chosen renewals go."""

    def __init__(self, policy_ids: list[int]) -> None:
        self.policy_ids = policy_ids
        self.users = who.known_users()
        super().__init__()

    def title_text(self) -> str:
        return ngettext("Assign {n} renewal", "Assign {n} renewals", len(self.policy_ids))

    def fields(self) -> list[Field]:
        return [assignee_field(who.current_user(), self.users)]

    def save(self, values: dict[str, Any]) -> Any:
        try:
            return wb.bulk_assign(self.policy_ids, values.get("assigned_to") or "")
        except ValidationError as exc:
            raise ValidationError({"assigned_to": "; ".join(exc.errors.values())}) from exc


class RemindDay(PromptScreen):
    FIELD = "day"
    LABEL = N_("Day")
    HINT = N_("1 tomorrow, 2 in a week, 3 in a month, or a date: 22/11/2026, +10d")


class WorkbenchActions:
    """Space marks a row, ``a`` marks every row shown (again: none); assign, remind and
    offered act on the marked rows, or on the row under the cursor when none is marked.
    The host has ``rows`` (key -> row), ``selected`` (policy ids), ``current()``,
    ``reload()``, ``filter`` and ``show_marks()``."""

    app: Any
    rows: dict[str, wb.WorkbenchRow]
    selected: set[int]
    filter: wb.WorkbenchFilter
    page_offset: int
    if TYPE_CHECKING:  # the host's (a stub here would win over it in the MRO)

        def current(self) -> wb.WorkbenchRow | None: ...
        def show_marks(self) -> None: ...
        def show_filter(self) -> None: ...
        def reload(self) -> Any: ...

    def chosen_ids(self) -> list[int]:
        if self.selected:
            return sorted(self.selected)
        row = self.current()
        return [row.policy_id] if row else []

    def action_toggle_mark(self) -> None:
        row = self.current()
        if row is None:
            return
        self.selected ^= {row.policy_id}
        self.show_marks()

    def action_mark_all(self) -> None:
        shown = {row.policy_id for row in self.rows.values()}
        self.selected = set() if shown <= self.selected else shown
        self.show_marks()

    def _done(self, message: str):
        def done(result) -> None:
            if result is None or result is False:
                return
            self.app.notify(message.format(n=result if isinstance(result, int) else len(result)))
            self.selected = set()
            self.reload()

        return done

    def action_assign(self) -> None:
        if ids := self.chosen_ids():
            self.app.push_screen(AssignRenewals(ids), self._done(_("Assigned: {n}.")))

    def action_remind(self) -> None:
        if ids := self.chosen_ids():
            self.app.push_screen(
                RemindDay(
                    ngettext(
                        "A reminder for {n} renewal on which day?",
                        "A reminder for each of {n} renewals on which day?",
                        len(ids),
                    ),
                    lambda text: wb.bulk_remind(ids, text),
                ),
                self._done(_("Reminders set: {n}.")),
            )

    def action_offered(self) -> None:
        if ids := self.chosen_ids():
            act(self, wb.bulk_mark_offered, ids, then=self._done(_("Marked as offered: {n}.")))

    def action_filter(self) -> None:
        def chosen(flt) -> None:
            if flt is not None:
                self.filter = flt
                self.selected = set()
                self.page_offset = 0
                self.show_filter()
                self.reload()

        self.app.push_screen(WorkbenchFilterForm(self.filter), chosen)

    def action_winloss(self) -> None:
        from .winloss import WinLossScreen

        first, last = self.filter.date_from, self.filter.date_to
        self.app.push_screen(WinLossScreen(first, last, self.filter.line, self.filter.insurer))
