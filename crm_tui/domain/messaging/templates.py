"""Message templates with ``{placeholders}``, stored in ``message_template`` (step 14).

The built-in templates (Turkish and English) are seeded on first use by ``ensure_builtins``,
not by the migration: a user who edits a built-in keeps the edit (a seed never overwrites a
row that exists). Filling escapes nothing (the text is plain) but every value loses its
control characters, so a name typed with a terminal escape cannot reach a screen or a mail.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ...clock import now as clock_now
from ...clock import today as clock_today
from ...db import sqlfn
from ...db.models import Complaint, Customer, Instalment, MessageTemplate, Policy, db
from ...i18n import _
from ...safe_text import clean
from ..errors import NotFound, ValidationError

LANGUAGES = ("tr", "en")
TEMPLATE_CHANNELS = ("any", "email", "sms", "whatsapp")
PLACEHOLDERS = (
    "name",
    "first_name",
    "policy_no",
    "line",
    "end_date",
    "premium",
    "instalment_due",
    "instalment_amount",
    "complaint_no",
    "today",
)

# name -> language -> (subject, body)
BUILTINS: dict[str, dict[str, tuple[str, str]]] = {
    "renewal_offer": {
        "tr": (
            "{line} poliçenizin yenilemesi",
            "Sayın {name}, {policy_no} numaralı {line} poliçeniz {end_date} tarihinde sona "
            "eriyor. Yenileme teklifimizi hazırladık; uygun olduğunuzda bize ulaşabilirsiniz.",
        ),
        "en": (
            "Renewing your {line} policy",
            "Dear {name}, your {line} policy {policy_no} ends on {end_date}. We have prepared "
            "a renewal offer; please get in touch when it suits you.",
        ),
    },
    "birthday": {
        "tr": (
            "İyi ki doğdunuz!",
            "Sevgili {first_name}, doğum gününüzü kutlarız! Nice mutlu yıllara.",
        ),
        "en": ("Happy birthday!", "Dear {first_name}, happy birthday from all of us!"),
    },
    "instalment_due": {
        "tr": (
            "Taksit hatırlatması",
            "Sayın {name}, {policy_no} poliçenizin {instalment_amount} tutarındaki taksidi "
            "{instalment_due} tarihinde ödenecektir.",
        ),
        "en": (
            "Instalment reminder",
            "Dear {name}, the instalment of {instalment_amount} on policy {policy_no} is due "
            "on {instalment_due}.",
        ),
    },
    "complaint_resolved": {
        "tr": (
            "Başvurunuz çözüldü",
            "Sayın {name}, {complaint_no} numaralı başvurunuz çözülmüştür. Görüşleriniz "
            "bizim için değerli.",
        ),
        "en": (
            "Your complaint is resolved",
            "Dear {name}, your complaint no. {complaint_no} has been resolved. Thank you for "
            "your patience.",
        ),
    },
    "welcome": {
        "tr": ("Hoş geldiniz", "Sayın {name}, bizi tercih ettiğiniz için teşekkür ederiz."),
        "en": ("Welcome", "Dear {name}, thank you for choosing us."),
    },
}


@dataclass
class Template:
    id: int | None
    name: str
    language: str
    channel: str
    subject: str
    body: str
    builtin: bool


def _as_template(row: MessageTemplate) -> Template:
    return Template(
        row.id, row.name, row.language, row.channel, row.subject or "", row.body, bool(row.builtin)
    )


def ensure_builtins() -> int:
    """Insert the built-in templates that are missing (never overwrites); returns how many."""
    added = 0
    with db.atomic():
        have = {
            (t.name, t.language, t.channel)
            for t in MessageTemplate.select(
                MessageTemplate.name, MessageTemplate.language, MessageTemplate.channel
            )
        }
        for name, langs in BUILTINS.items():
            for lang, (subject, body) in langs.items():
                if (name, lang, "any") in have:
                    continue
                MessageTemplate.create(
                    name=name,
                    language=lang,
                    channel="any",
                    subject=subject,
                    body=body,
                    builtin=True,
                    updated_at=clock_now(),
                )
                added += 1
    return added


def list_templates() -> list[Template]:
    ensure_builtins()
    rows = MessageTemplate.select().order_by(
        MessageTemplate.name, MessageTemplate.language, MessageTemplate.channel
    )
    return [_as_template(r) for r in rows]


def find_template(name: str, language: str, channel: str = "any") -> Template:
    """The template ``name`` for ``channel`` (else for any channel) in ``language`` (else in
    the other language)."""
    ensure_builtins()
    name = (name or "").strip()
    for lang in (language, *(x for x in LANGUAGES if x != language)):
        for ch in (channel, "any"):
            row = MessageTemplate.get_or_none(
                (MessageTemplate.name == name)
                & (MessageTemplate.language == lang)
                & (MessageTemplate.channel == ch)
            )
            if row is not None:
                return _as_template(row)
    raise NotFound(_("No message template named '{name}'.", name=name))


def check_placeholders(text: str) -> list[str]:
    """The placeholders of ``text``; a clear ValidationError for an unknown one or bad braces."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ValidationError(
            _("The braces do not match: write {{ and }} for a brace ({reason}).", reason=exc)
        ) from exc
    names = []
    for _lit, field, spec, conv in parsed:
        if field is None:
            continue
        if field not in PLACEHOLDERS or spec or conv:
            raise ValidationError(
                _(
                    "Unknown placeholder {{{field}}}; use one of: {known}.",
                    field=field,
                    known=", ".join("{" + p + "}" for p in PLACEHOLDERS),
                )
            )
        names.append(field)
    return names


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with its placeholders replaced (values without control characters)."""
    check_placeholders(text)
    safe = {k: clean(str(values.get(k, "") or "")) for k in PLACEHOLDERS}
    return clean(text.format_map(safe), multiline=True)


def save_template(
    name: str,
    language: str,
    channel: str,
    subject: str,
    body: str,
    template_id: int | None = None,
) -> Template:
    """Create or update a template (placeholders checked first)."""
    errors: dict[str, str] = {}
    name = clean(name or "").strip()
    if not name:
        errors["name"] = _("A template needs a name.")
    if language not in LANGUAGES:
        errors["language"] = _("Language must be tr or en.")
    if channel not in TEMPLATE_CHANNELS:
        errors["channel"] = _("Channel must be any, email, sms or whatsapp.")
    if not (body or "").strip():
        errors["body"] = _("The message text is empty.")
    for key, text in (("subject", subject or ""), ("body", body or "")):
        try:
            check_placeholders(text)
        except ValidationError as exc:
            errors[key] = str(exc)
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        clash = MessageTemplate.get_or_none(
            (MessageTemplate.name == name)
            & (MessageTemplate.language == language)
            & (MessageTemplate.channel == channel)
        )
        if clash is not None and clash.id != template_id:
            raise ValidationError(
                {"name": _("A template with this name, language and channel exists.")}
            )
        fields = {
            "name": name,
            "language": language,
            "channel": channel,
            "subject": clean(subject or "").strip() or None,
            "body": clean(body, multiline=True).strip(),
            "updated_at": clock_now(),
        }
        if template_id is None:
            row = MessageTemplate.create(builtin=False, **fields)
        else:
            if MessageTemplate.get_or_none(MessageTemplate.id == template_id) is None:
                raise NotFound(_("The template was deleted."))
            MessageTemplate.update(**fields).where(MessageTemplate.id == template_id).execute()
            row = MessageTemplate.get_by_id(template_id)
    return _as_template(row)


def delete_template(template_id: int) -> None:
    MessageTemplate.delete().where(MessageTemplate.id == template_id).execute()


# -- the values of a customer ---------------------------------------------------------------------


def _day(value: date | None, language: str) -> str:
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y") if language == "tr" else value.isoformat()


def _money(value: Decimal | None, language: str) -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}"
    if language == "tr":
        return text.replace(",", "_").replace(".", ",").replace("_", ".") + " TL"
    return "TRY " + text


def customer_values(customer_id: int, language: str, today: date | None = None) -> dict[str, str]:
    """The placeholders' values for a customer: the policy ending next (else the newest), the
    next unpaid instalment, the newest complaint."""
    today = today or clock_today()
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound(_("Customer {id} not found.", id=customer_id))
    policy = (
        Policy.select()
        .where(
            Policy.customer == customer_id,
            sqlfn.likely(Policy.status == "active"),  # the customer's index (loyalty/customer.py)
            Policy.end_date >= today,
        )
        .order_by(Policy.end_date)
        .first()
    ) or Policy.select().where(Policy.customer == customer_id).order_by(Policy.id.desc()).first()
    instalment = (
        Instalment.select()
        .where(Instalment.customer == customer_id, Instalment.paid_on.is_null())
        .order_by(Instalment.due_date)
        .first()
    )
    complaint = (
        Complaint.select()
        .where(Complaint.customer == customer_id)
        .order_by(Complaint.id.desc())
        .first()
    )
    name = customer.name or ""
    return {
        "name": name,
        "first_name": name.split()[0] if name.split() else "",
        "policy_no": (policy.number or "") if policy else "",
        "line": policy.line if policy else "",
        "end_date": _day(policy.end_date, language) if policy else "",
        "premium": _money(policy.premium, language) if policy else "",
        "instalment_due": _day(instalment.due_date, language) if instalment else "",
        "instalment_amount": _money(instalment.amount, language) if instalment else "",
        "complaint_no": str(complaint.id) if complaint else "",
        "today": _day(today, language),
    }


def sample_customer_id() -> int | None:
    """A customer to preview templates with: one with a policy if there is one."""
    row = Policy.select(Policy.customer).order_by(Policy.id).first()
    if row is not None:
        return row.customer_id
    c = Customer.select(Customer.id).where(Customer.anonymized_at.is_null()).first()
    return c.id if c else None


def preview(subject: str, body: str, language: str) -> tuple[str, str]:
    """(subject, body) filled with a sample customer's values (placeholders checked)."""
    cid = sample_customer_id()
    values = customer_values(cid, language) if cid else {p: "{" + p + "}" for p in PLACEHOLDERS}
    return fill(subject or "", values), fill(body or "", values)
