"""E-mail campaigns: one template to a consent-filtered list, resumable, at most once.

A campaign is named; its recipients are written to ``campaign_send`` once (unique per
campaign and customer), so running the same name again resumes it instead of starting over.
Each recipient goes pending → sending → sent | failed; ``sending`` is committed BEFORE the
SMTP conversation and ``sent`` after the server accepted the message.

Why a row found ``sending`` is never resent: the process died between those two commits,
so the server may or may not have accepted the mail. Resending could give the customer the
message twice; not resending may miss one. A commercial message twice is the worse fault
(and SMTP has no way to ask whether a message arrived), so the campaign is at-most-once:
such a row becomes ``unknown`` and is reported for the user to check (the mail server's
log or the customer)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ...clock import now as clock_now
from ...db.models import CampaignSend, db
from ...i18n import _
from ..consent import set_consent
from ..errors import ValidationError
from . import smtp
from .messages import log, prepare
from .permission import CONSENT_CHANNEL, allowed_ids

STATUSES = ("pending", "sending", "sent", "failed", "skipped", "unknown")


@dataclass
class CampaignReport:
    campaign: str
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    unknown: int = 0
    pending: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "Campaign {name}: {sent} sent, {failed} failed, {skipped} skipped (no consent or "
            "address), {unknown} unknown (interrupted while sending: check), {pending} still to send.",
            name=self.campaign,
            sent=self.sent,
            failed=self.failed,
            skipped=self.skipped,
            unknown=self.unknown,
            pending=self.pending,
        )


def add_recipients(campaign: str, template: str, ids: list[int]) -> tuple[int, int]:
    """Write the recipients of a new campaign (customers already in it are left as they
    are); those without e-mail consent are written as ``skipped``. Returns (added, skipped)."""
    campaign = (campaign or "").strip()
    if not campaign:
        raise ValidationError(_("A campaign needs a name."))
    ok, no = allowed_ids(ids, "email")
    now = clock_now()
    added = skipped = 0
    with db.atomic():
        have = {
            r.customer_id
            for r in CampaignSend.select(CampaignSend.customer).where(
                CampaignSend.campaign == campaign
            )
        }
        for cid, status in [(c, "pending") for c in ok] + [(c, "skipped") for c in no]:
            if cid in have:
                continue
            have.add(cid)
            CampaignSend.create(
                campaign=campaign,
                customer=cid,
                template=template,
                status=status,
                attempts=0,
                created_at=now,
                error=_("no consent for e-mail") if status == "skipped" else None,
            )
            added += status == "pending"
            skipped += status == "skipped"
    return added, skipped


def _set(row_id: int, **fields) -> None:
    with db.atomic():
        CampaignSend.update(**fields).where(CampaignSend.id == row_id).execute()


def report(campaign: str) -> CampaignReport:
    out = CampaignReport(campaign)
    for row in CampaignSend.select().where(CampaignSend.campaign == campaign):
        if row.status == "sending":
            out.unknown += 1
        elif row.status in ("sent", "failed", "skipped", "unknown", "pending"):
            setattr(out, row.status, getattr(out, row.status) + 1)
    return out


def run(
    campaign: str,
    language: str,
    config: smtp.SmtpConfig | None = None,
    rate: int = 30,
    sleep: Callable[[float], None] = time.sleep,
    progress: Callable[[int, int], None] | None = None,
) -> CampaignReport:
    """Send the campaign's pending rows, ``rate`` per minute. Rows left ``sending`` by an
    earlier run become ``unknown`` first (never resent, see the module's docstring)."""
    with db.atomic():
        CampaignSend.update(
            status="unknown", error=_("interrupted while sending: check whether it arrived")
        ).where(CampaignSend.campaign == campaign, CampaignSend.status == "sending").execute()
    pending = list(
        CampaignSend.select()
        .where(CampaignSend.campaign == campaign, CampaignSend.status == "pending")
        .order_by(CampaignSend.id)
    )
    if pending and config is None:
        config = smtp.load_config()
    pause = 60.0 / max(1, rate)
    errors: list[str] = []
    for n, row in enumerate(pending):
        if n:
            sleep(pause)
        draft = prepare(row.customer_id, row.template, "email", language)
        if draft.problem:  # consent withdrawn (or address removed) since the list was made
            _set(row.id, status="skipped", error=draft.problem)
            continue
        _set(row.id, status="sending", attempts=row.attempts + 1)
        try:
            assert config is not None
            smtp.send(config, draft.to or "", draft.subject or draft.template, draft.text)
        except smtp.SmtpError as exc:
            _set(row.id, status="failed", error=str(exc))
            log(draft, "failed", error=str(exc), campaign=campaign)
            errors.append(f"{draft.customer_name}: {exc}")
        else:
            with db.atomic():
                CampaignSend.update(status="sent", sent_at=clock_now(), error=None).where(
                    CampaignSend.id == row.id
                ).execute()
                log(draft, "sent", campaign=campaign)
        if progress:
            progress(n + 1, len(pending))
    out = report(campaign)
    out.errors = errors
    return out


def send_campaign(
    campaign: str,
    template: str,
    ids: list[int],
    language: str,
    config: smtp.SmtpConfig | None = None,
    rate: int = 30,
    sleep: Callable[[float], None] = time.sleep,
) -> CampaignReport:
    """Add the recipients (first run) and send what is pending."""
    add_recipients(campaign, template, ids)
    return run(campaign, language, config, rate, sleep)


def opt_out(customer_id: int, channel: str, reference: str | None = None) -> None:
    """The customer said no (ret) to ``channel``: a withdrawn consent through the consent
    module (the history keeps the earlier grant)."""
    set_consent(
        customer_id,
        CONSENT_CHANNEL.get(channel, channel),
        False,
        reference=reference or _("opt-out (ret)"),
    )
