"""Campaign lists: pick a segment (optionally a product line and a city), see the customers,
export those who consented to the chosen channel as CSV (the others are left out and
counted)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Select, Static

from ...clock import today as clock_today
from ...config import data_dir
from ...domain import loyalty
from ...domain.labels import label
from ...i18n import N_, _, format_number
from ..dialogs.prompt import PromptScreen
from ..widgets.keyfooter import KeyFooter
from ..widgets.safetable import SafeTable

SHOWN = 500


def file_word(text: str) -> str:
    """``Kaybedilmemesi gerekenler`` → ``kaybedilmemesi-gerekenler``: file names stay ASCII
    (USB sticks, e-mail attachments, other programs)."""
    import re
    import unicodedata

    text = text.replace("ı", "i").replace("İ", "I")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


class ExportFormScreen(PromptScreen):
    FIELD = "path"
    LABEL = N_("File")
    HINT = N_(
        "A CSV file, or XLSX when the name ends in .xlsx; readable only by you (it holds personal data)."
    )

    def __init__(self, ids: list[int], channel: str, default_path: Path) -> None:
        self.ids = ids
        self.channel = channel
        self.default_path = default_path
        self._replace = ""  # a file name the user was told exists
        super().__init__(_("Export campaign list"), self.export, value=str(default_path))

    def export(self, text: str) -> Any:
        from ...domain.errors import ValidationError

        raw = text.strip()
        if not raw:
            raise ValidationError({"path": _("Enter a file name, like campaign.csv.")})
        path = Path(raw).expanduser()
        if path.exists() and raw != self._replace:
            self._replace = raw  # saving the same name again replaces it
            raise ValidationError(
                {
                    "path": _(
                        "{path} exists: press ctrl+s again to replace it, or change the name.",
                        path=path,
                    )
                }
            )
        return loyalty.export_campaign(self.ids, self.channel, path)


class CampaignScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back"), id="campaign.back"),
        Binding("ctrl+e", "export", N_("Export CSV"), id="campaign.export"),
        Binding("enter", "open", N_("Open card"), id="campaign.open", show=False),
    ]

    def __init__(self, segment: str | None = None) -> None:
        super().__init__()
        self.segment = segment
        self.ids: list[int] = []
        self.consent: tuple[int, int] = (0, 0)
        self._stale = True  # self.ids do not match the filters yet
        self.today: date = clock_today()

    def compose(self) -> ComposeResult:
        yield Static(_("Campaign lists"), id="campaign-title")
        with Horizontal(id="campaign-filters"):
            yield Select(
                [(loyalty.segment_label(s), s) for s in loyalty.SEGMENTS],
                value=self.segment if self.segment else Select.NULL,
                prompt=_("All active customers"),
                id="segment",
            )
            yield Select([], prompt=_("Any product line"), id="line")
            yield Select([], prompt=_("Any city"), id="city")
            yield Select([], prompt=_("Any tag"), id="tag")
            yield Select(
                [(label("consent_channel", c), c) for c in loyalty.CHANNELS],
                value="sms",
                allow_blank=False,
                id="channel",
            )
        yield Static("", id="campaign-status", markup=False)  # cities, lines: stored text
        yield SafeTable(id="campaign-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    async def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Name"), _("Phone"), _("City"))
        filters = await self.app.db(loyalty.campaign_filters)
        self.query_one("#line", Select).set_options([(x, x) for x in filters["lines"]])
        self.query_one("#city", Select).set_options([(x, x) for x in filters["cities"]])
        self.query_one("#tag", Select).set_options([(x, x) for x in filters["tags"]])
        self.refresh_list()

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        if event.select.id != "channel":
            self._stale = True  # the customers change, not only the consent count
        self.refresh_list()

    def _value(self, select_id: str) -> Any:
        value = self.query_one(f"#{select_id}", Select).value
        return None if value is Select.NULL else value

    @work(exclusive=True, group="campaign-load")
    async def refresh_list(self) -> None:
        """The customers for the filters (when they changed) and how many of them consented
        to the channel. The latest call wins; one that only counts consent again still loads
        the customers when an earlier call for new filters was cut short."""
        table = self.query_one(DataTable)
        segment, line, city = self._value("segment"), self._value("line"), self._value("city")
        tag = self._value("tag")
        channel = self._value("channel") or "sms"
        today = self.today
        reload = self._stale
        current = list(self.ids)
        if reload:
            table.loading = True

        def fetch():
            ids = (
                loyalty.campaign_customers(segment, line, city, today, tag=tag)
                if reload
                else current
            )
            rows = loyalty.customer_rows(ids[:SHOWN]) if reload else None
            return ids, rows, loyalty.consent_counts(ids, channel)

        ids, rows, consent = await self.app.db(fetch)
        self.ids, self.consent = ids, consent
        if rows is not None:
            self._stale = False
            table.loading = False
            table.clear()
            for row in rows:
                table.add_row(row.name, row.phone, row.city, key=str(row.id))
        self._show_status(channel)

    def _show_status(self, channel: str) -> None:
        status = _("{n} customers", n=format_number(len(self.ids)))
        if len(self.ids) > SHOWN:
            status += " · " + _("first {shown} shown", shown=format_number(SHOWN))
        with_consent, without = self.consent
        status += "\n" + _(
            "{with_consent} gave consent for {channel}, {without} did not (left out of the "
            "export) · ctrl+e export",
            with_consent=format_number(with_consent),
            channel=label("consent_channel", channel),
            without=format_number(without),
        )
        self.query_one("#campaign-status", Static).update(status)

    def action_export(self) -> None:
        channel = self._value("channel") or "sms"
        if not self.ids:
            self.notify(_("The list is empty: nothing to export."))
            return
        segment, line, city = self._value("segment"), self._value("line"), self._value("city")
        words = [
            _("campaign"),
            loyalty.segment_label(segment) if segment else _("everyone"),
            line or "",
            city or "",
            self._value("tag") or "",
            label("consent_channel", channel),
            self.today.isoformat(),
        ]
        name = "-".join(w for w in (file_word(w) for w in words) if w) + ".csv"
        try:
            folder = data_dir()
        except Exception:  # noqa: BLE001 - any writable default will do
            folder = Path.home()
        # a second export the same day gets its own name (-2, -3…)
        from ...domain.exporters import free_path

        def done(result) -> None:
            if result is None:
                return
            self.notify(
                _(
                    "{written} customers exported to {path}; {skipped} left out without "
                    "consent for {channel}.",
                    written=format_number(result.written),
                    path=result.path,
                    skipped=format_number(result.without_consent),
                    channel=label("consent_channel", channel),
                ),
                timeout=10,
            )

        self.app.push_screen(
            ExportFormScreen(list(self.ids), channel, free_path(folder / name)), done
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key is not None and event.row_key.value:
            self.app.open_customer(int(event.row_key.value))

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self.app.open_customer(int(key.value))
