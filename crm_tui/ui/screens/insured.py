"""The insured persons of one policy (a family TSS covers several people): a list with
a to add, Enter to edit, Delete to remove; each person in a small form of their own."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ...domain import vehicles as vh
from ...domain.labels import choices, label
from ...domain.policies import get_policy
from ...i18n import N_, _, format_date
from ..dialogs.form import Field, FormScreen
from ..widgets.keyfooter import KeyFooter
from ..widgets.rowlist import Column, RowList
from .base import FollowsLanguage


class InsuredFormScreen(FormScreen):
    TITLE = N_("Insured person")

    def __init__(self, policy_id: int, person_id: int | None = None) -> None:
        self.policy_id = policy_id
        self.person_id = person_id
        self.person = vh.get_insured(person_id) if person_id else None
        super().__init__()

    def fields(self) -> list[Field]:
        p = self.person
        return [
            Field("name", N_("Name"), value=(p.name if p else "") or ""),
            Field(
                "relation",
                N_("Relation"),
                kind="select",
                options=choices("insured_relation"),
                value=p.relation if p else "cocuk",
                allow_blank=False,
            ),
            Field("national_id", N_("ID number"), value=(p.national_id if p else "") or ""),
            Field(
                "birthday",
                N_("Birthday"),
                value=format_date(p.birthday) if p and p.birthday else "",
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        data = vh.InsuredInput(
            name=values.get("name"),
            national_id=values.get("national_id"),
            relation=values.get("relation") or "other",
            birthday=values.get("birthday"),
            customer_id=self.person.customer_id if self.person else None,
        )
        if self.person_id is None:
            return vh.add_insured(self.policy_id, data).id
        return vh.update_insured(self.person_id, data).id


def _rows(policy_id: int) -> tuple[str, list[tuple[tuple[str, ...], str]]]:
    policy = get_policy(policy_id)
    holder = policy.customer.name
    rows = []
    for p in vh.insured_of(policy_id):
        customer = p.customer if p.customer_id else None
        name = p.name or (customer.name if customer else "") or "–"
        cells: tuple[str, ...] = (
            name,
            label("insured_relation", p.relation),
            p.national_id or "",
            format_date(p.birthday) if p.birthday else "",
        )
        rows.append((cells, f"insured:{p.id}"))
    title = f"{label('line', policy.line)} {policy.number or ''} — {holder}"
    return title, rows


class InsuredScreen(FollowsLanguage):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="insured.back"),
        Binding("a", "add", N_("Add"), id="insured.add"),
        Binding("delete", "remove", N_("Remove"), id="insured.remove"),
    ]

    def __init__(self, policy_id: int) -> None:
        super().__init__()
        self.policy_id = policy_id

    def compose(self) -> ComposeResult:
        yield Static("", id="insured-title")
        columns = [
            Column(_("Name"), 0),
            Column(_("Relation"), 10),
            Column(_("ID number"), 11),
            Column(_("Birthday"), 10),
        ]
        yield RowList(columns, empty=_("No insured persons: press a to add one."), id="insured")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(RowList).focus()
        self._load()

    @work(exclusive=True, group="insured")
    async def _load(self) -> None:
        app: Any = self.app  # CrmApp: reaches the database through its runner
        title, rows = await app.db(_rows, self.policy_id)
        self.sub_title = title
        self.query_one("#insured-title", Static).update(
            _("Insured persons of {policy}", policy=title)
        )
        self.query_one(RowList).set_rows([c for c, _k in rows], [k for _c, k in rows])

    def _edit(self, person_id: int | None) -> None:
        def done(result: Any) -> None:
            if result is not None:
                self._load()

        self.app.push_screen(InsuredFormScreen(self.policy_id, person_id), done)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_add(self) -> None:
        self._edit(None)

    @on(RowList.Selected, "#insured")
    def _selected(self, event: RowList.Selected) -> None:
        if event.key:
            self._edit(int(event.key.partition(":")[2]))

    @work(group="insured-remove")
    async def action_remove(self) -> None:
        key = self.query_one(RowList).cursor_key
        if key:
            app: Any = self.app
            await app.db(vh.delete_insured, int(key.partition(":")[2]))
            self._load()
