"""The yes/no question every screen asks (discard changes, replace a file, merge...)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ...i18n import N_, _, get_language


class ConfirmScreen(ModalScreen[bool]):
    """Yes/no question: y/Enter = yes, n/Escape = no (in Turkish also e = evet, h = hayır)."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", N_("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm.no"),
        # Evet / Hayır: only while the app speaks Turkish (check_action)
        Binding("e", "answer_tr(True)", N_("Yes"), id="confirm.evet", show=False),
        Binding("h", "answer_tr(False)", N_("No"), id="confirm.hayir", show=False),
    ]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 64; max-width: 95%; height: auto; border: thick $warning;
        background: $surface; padding: 1 2; }
    ConfirmScreen .keys { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, question: str, width: int | None = None) -> None:
        """``width``: a fixed width in cells for long questions (the default 64 suits one
        line; a long wrapped question reads better at 70-72)."""
        super().__init__()
        self.question = question
        self.width = width

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            if self.width is not None:
                box.styles.width = self.width
            yield Static(self.question, markup=False)  # may quote a name or a title
            yield Static(_("[b]y[/b] yes · [b]n[/b] no"), classes="keys")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "answer_tr" or get_language() == "tr"

    def action_answer_tr(self, value: bool) -> None:
        self.action_answer(value)
