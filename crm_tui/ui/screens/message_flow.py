"""One key from a card or a Today line: choose the channel and the template, see the
filled text, confirm. WhatsApp and SMS open a link (also shown as text, for a terminal
without a browser); e-mail is sent over SMTP. The domain refuses a channel without consent."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...domain.labels import label
from ...i18n import _, get_language
from ...safe_text import printable
from ..dialogs.choice import ChoiceScreen
from ..dialogs.confirm import ConfirmScreen
from ..faults import attempt

if TYPE_CHECKING:
    from ...domain.messaging import messages

CHANNEL_KEYS = (("1", "whatsapp"), ("2", "sms"), ("3", "email"))


def start_message(screen: Any, customer_id: int, done: Callable[[], None] | None = None) -> None:
    """Run the whole choice on ``screen`` (a card or Today) for ``customer_id``."""
    # on the key, not with the card: the messaging modules bring smtplib, e-mail and the
    # loyalty campaigns (~2 MB and ~15 ms of the first card's opening)
    from ...domain.messaging import messages, templates
    from ...domain.messaging.permission import permission

    app = screen.app

    def channel_chosen(channel: str | None) -> None:
        if channel:
            screen.run_worker(choose_template(channel), group="message")

    async def choose_template(channel: str) -> None:
        allowed = await app.db(permission, customer_id, channel)
        if not allowed.allowed:  # refused before anything is filled: the reason and the record
            app.notify_error(f"{allowed.reason} {allowed.record}")
            return
        rows = await app.db(templates.list_templates)
        lang = get_language()
        names = sorted(
            {t.name for t in rows if t.language == lang and t.channel in ("any", channel)}
        )
        if not names:
            app.notify_error(_("No message template in this language."))
            return
        keys = "123456789abcdefghijklmnopqrstuvwxyz"
        options = [(keys[i], name, name) for i, name in enumerate(names[: len(keys)])]
        app.push_screen(
            ChoiceScreen(_("Which template?"), options),
            lambda name: name and screen.run_worker(preview(channel, name), group="message"),
        )

    async def preview(channel: str, name: str) -> None:
        ok, draft = await attempt(app, messages.prepare, customer_id, name, channel, get_language())
        if not ok or draft is None:
            return
        if draft.problem:
            app.notify_error(draft.problem)
            return
        lines = [_("To: {to}", to=draft.to or "")]
        if draft.subject:
            lines.append(_("Subject: {subject}", subject=draft.subject))
        lines += ["", draft.text, ""]
        lines.append(_("Send this e-mail now?") if channel == "email" else _("Open the link?"))
        app.push_screen(
            ConfirmScreen(printable("\n".join(lines)), width=72),
            lambda yes: yes and screen.run_worker(deliver(draft), group="message"),
        )

    async def deliver(draft: messages.Draft) -> None:
        if draft.channel == "email":
            ok, _row = await attempt(app, messages.send_email, draft)
            if ok:
                app.notify(_("E-mail sent to {to}.", to=printable(draft.to or "")))
        else:
            ok, _row = await attempt(app, messages.record_link_opened, draft)
            if ok and draft.link:
                app.open_url(draft.link)
                app.notify(printable(draft.link), title=_("Link"), timeout=30)
        if done is not None:
            done()

    app.push_screen(
        ChoiceScreen(
            _("Send a message: which channel?"),
            [(key, label("channel", code), code) for key, code in CHANNEL_KEYS],
        ),
        channel_chosen,
    )


def start_optout(screen: Any, customer_id: int, done: Callable[[], None] | None = None) -> None:
    """The customer said no (ret): record a withdrawn consent for the chosen channel."""
    from ...domain.messaging import campaigns

    app = screen.app

    async def record(channel: str) -> None:
        ok, _none = await attempt(app, campaigns.opt_out, customer_id, channel)
        if ok:
            app.notify(_("Opt-out recorded: {channel}.", channel=label("channel", channel)))
            if done is not None:
                done()

    app.push_screen(
        ChoiceScreen(
            _("Opt-out (ret): which channel?"),
            [("1", _("SMS and WhatsApp"), "sms"), ("2", label("channel", "email"), "email")],
        ),
        lambda channel: channel and screen.run_worker(record(channel), group="message"),
    )


class MessageActions:
    """``w`` (message) and ``O`` (opt-out) on the customer card."""

    customer_id: int

    def action_message(self) -> None:
        start_message(self, self.customer_id, self.reload)  # type: ignore[attr-defined]

    def action_optout(self) -> None:
        start_optout(self, self.customer_id, self.reload)  # type: ignore[attr-defined]
