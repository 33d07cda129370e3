"""Privacy (KVKK) of one customer: consents in force and their history, record a consent
given or withdrawn, export everything about the person (JSON), erase (anonymize) after a
typed confirmation. Opened from the customer card (k)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Static

from ...clock import today as clock_today
from ...domain import privacy
from ...domain.errors import NotFound, ValidationError
from ...domain.labels import label
from ...domain.roles import PermissionDenied
from ...i18n import N_, _, format_date, format_datetime
from ..dialogs.form import Field, FormScreen
from ..dialogs.prompt import PromptScreen
from ..widgets.keyfooter import KeyFooter
from ..widgets.safetable import SafeTable


class ConsentFormScreen(FormScreen):
    TITLE = N_("Record a consent")

    def __init__(self, customer_id: int, channel: str = "sms") -> None:
        self.customer_id = customer_id
        self.channel = channel
        super().__init__()

    def fields(self) -> list[Field]:
        return [
            Field(
                "channel",
                N_("Channel"),
                kind="select",
                value=self.channel,
                allow_blank=False,
                options=[(label("consent_channel", c), c) for c in privacy.CHANNELS],
            ),
            Field(
                "granted",
                N_("Consent"),
                kind="select",
                value="yes",
                allow_blank=False,
                options=[(_("Given"), "yes"), (_("Withdrawn or refused"), "no")],
            ),
            Field(
                "at", N_("Date"), value=format_date(clock_today()), hint=N_("When it was given.")
            ),
            Field(
                "method",
                N_("How"),
                kind="select",
                value="written",
                allow_blank=False,
                options=[(privacy.method_label(m), m) for m in privacy.METHODS],
            ),
            Field(
                "reference",
                N_("Text or reference"),
                placeholder=N_("e.g. KVKK form no. 2026/14, or the text read out"),
            ),
            Field("iys", N_("Registered with İYS"), kind="checkbox", value=False),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        return privacy.record_consent(
            self.customer_id,
            values["channel"],
            values["granted"] == "yes",
            values["at"],
            values["method"],
            values["reference"],
            bool(values["iys"]),
        )


class ExportPersonFormScreen(PromptScreen):
    FIELD = "path"
    LABEL = N_("File")
    HINT = N_(
        "Everything stored about the person, as JSON. Readable only by you; the export is logged."
    )

    def __init__(self, customer_id: int) -> None:
        self.customer_id = customer_id
        day = clock_today().isoformat()
        path = Path.home() / f"kvkk-{customer_id}-{day}.json"
        super().__init__(_("Export this customer's data (KVKK)"), self.check, value=str(path))

    def check(self, text: str) -> Any:
        from ..dataio import output_path

        return output_path(text, _("Enter a file name, like kvkk.json."))


class EraseConfirmScreen(ModalScreen[bool]):
    """Erasing cannot be undone: the user types the word, Enter alone does nothing."""

    BINDINGS = [Binding("escape", "dismiss(False)", N_("Cancel"), id="erase.cancel")]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.customer_name = name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(  # plain text: it quotes the name
                privacy.erase_warning(self.customer_name), id="erase-warning", markup=False
            )
            yield Static(_("Type {word} and press Enter to erase.", word=_("ERASE")))
            yield Input(id="erase-word")
            yield Static("", id="erase-error")
            yield Static(_("Escape cancels."), classes="keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if privacy.confirms(event.value):
            self.dismiss(True)
            return
        self.query_one("#erase-error", Static).update(
            _("Type {word} to erase, or press Escape.", word=_("ERASE"))
        )


class PrivacyScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="privacy.back"),
        Binding("n", "consent", N_("Record consent"), id="privacy.consent"),
        Binding("x", "export", N_("Export data"), id="privacy.export"),
        Binding("d", "erase", N_("Erase…"), id="privacy.erase"),
    ]

    def __init__(self, customer_id: int) -> None:
        super().__init__()
        self.customer_id = int(customer_id)
        self.name_shown = ""
        self.erased = False
        self.busy = False

    def compose(self) -> ComposeResult:
        # plain text: the name and typed consent details may hold "[" (markup would raise)
        yield Static(_("Privacy (KVKK)"), id="privacy-title", markup=False)
        yield Static("", id="privacy-state", markup=False)
        yield Static(_("History of consents (newest first):"), id="privacy-info")
        yield SafeTable(id="privacy-history", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(
            _("Date"), _("Channel"), _("Consent"), _("How"), _("Text or reference"), _("İYS")
        )
        self.query_one(DataTable).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._load()

    @work(exclusive=True, group="privacy")
    async def _load(self) -> None:
        def load():
            customer = privacy.find_customer(f"#{self.customer_id}")
            return (
                customer,
                privacy.current_consents(self.customer_id),
                privacy.consent_history(self.customer_id),
            )

        try:
            customer, states, history = await self.app.db(load)
        except NotFound as exc:
            self.app.notify_error(str(exc))
            self.action_back()
            return
        self.name_shown = customer.name
        self.erased = customer.anonymized_at is not None
        self.query_one("#privacy-title", Static).update(
            _("Privacy (KVKK) · #{id} {name}", id=customer.id, name=customer.name)
        )
        if self.erased:
            state = _(
                "Erased (anonymized) on {when}.", when=format_datetime(customer.anonymized_at)
            )
        else:
            state = "\n".join(privacy.describe_state(s) for s in states.values())
        self.query_one("#privacy-state", Static).update(state)
        table = self.query_one(DataTable)
        table.clear()
        for c in history:
            table.add_row(
                format_datetime(c.at),
                label("consent_channel", c.channel),
                _("given") if c.granted else _("withdrawn"),
                privacy.method_label(c.method),
                c.reference or "",
                _("yes") if c.iys_registered else "",
            )

    # -- actions ---------------------------------------------------------------------
    def _refuse_if_erased(self) -> bool:
        if self.erased:
            self.app.notify(_("This customer's data was erased."))
        return self.erased or self.busy

    def action_consent(self) -> None:
        if self._refuse_if_erased():
            return

        def saved(result) -> None:
            if result is not None:
                self.app.notify(_("Consent recorded: {what}", what=privacy.describe_entry(result)))
                self.reload()

        self.app.push_screen(ConsentFormScreen(self.customer_id), saved)

    def action_export(self) -> None:
        if self.busy:
            return

        from ..dataio import unless_declined_overwrite

        def chosen(path: Path | None) -> None:
            if path is not None:
                unless_declined_overwrite(
                    self.app,
                    path,
                    lambda: self.run_worker(self._export(path), group="privacy-export"),
                )

        self.app.push_screen(ExportPersonFormScreen(self.customer_id), chosen)

    async def _export(self, path: Path) -> None:
        from ...domain.exporters import ExportError

        try:
            out = await self.app.db(privacy.export_person, self.customer_id, path)
        except (ExportError, NotFound) as exc:
            self.app.notify_error(str(exc))
            return
        self.app.notify(
            _("Everything about {who} was written to {path}.", who=self.name_shown, path=out)
        )

    def action_erase(self) -> None:
        if self.erased and not self.busy:
            # erased already: purge the file again (an earlier purge may have been cut short)
            self.run_worker(self._purge_again(), group="privacy-erase")
            return
        if self._refuse_if_erased():
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._erase(), group="privacy-erase")

        self.app.push_screen(EraseConfirmScreen(self.name_shown), answered)

    async def _purge_again(self) -> None:
        who = f"#{self.customer_id} {self.name_shown}"
        self.busy = True
        try:
            clean = await self.app.db(privacy.purge_again, self.customer_id)
        except (ValidationError, NotFound, PermissionDenied) as exc:
            self.app.notify_error(str(exc))
            return
        finally:
            self.busy = False
        self.app.notify(
            _(
                "{who} was erased already; the database file was purged of their old data again.",
                who=who,
            ),
            timeout=8,
        )
        if not clean:
            self.app.notify(privacy.busy_note(), severity="warning", timeout=10)

    async def _erase(self) -> None:
        who = f"#{self.customer_id} {self.name_shown}"
        self.busy = True
        self.app.notify(_("Erasing {who}… (a few seconds on a large database)", who=who))
        try:
            clean = await self.app.db(privacy.erase_person, self.customer_id)
        except (ValidationError, NotFound, PermissionDenied) as exc:
            self.app.notify_error(str(exc))
            return
        finally:
            self.busy = False
        self.app.notify(_("{who} was erased; the anonymous figures were kept.", who=who), timeout=8)
        if not clean:
            self.app.notify(privacy.busy_note(), severity="warning", timeout=10)
        self.reload()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1 and self.app.screen is self:
            self.app.pop_screen()
