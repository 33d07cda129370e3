"""Links that hand a message to another program: WhatsApp (wa.me), SMS (``sms:``), e-mail
(``mailto:``). The text is percent-encoded as UTF-8 (Turkish letters survive)."""

from __future__ import annotations

from urllib.parse import quote

from ...db.models import Customer, Phone


def primary_phone(customer_id: int) -> str | None:
    """The customer's primary (else first) phone in E.164 (+905321234567)."""
    row = (
        Phone.select(Phone.e164)
        .where(Phone.customer == customer_id)
        .order_by(Phone.is_primary.desc(), Phone.id)
        .first()
    )
    return row.e164 if row else None


def customer_email(customer_id: int) -> str | None:
    row = Customer.get_or_none(Customer.id == customer_id)
    return (row.email or None) if row else None


def wa_link(e164: str, text: str) -> str:
    digits = "".join(ch for ch in e164 if ch.isdigit())
    return f"https://wa.me/{digits}?text={quote(text, safe='')}"


def sms_link(e164: str, text: str) -> str:
    number = "+" + "".join(ch for ch in e164 if ch.isdigit())
    return f"sms:{number}?body={quote(text, safe='')}"


def mailto_link(address: str, subject: str, text: str) -> str:
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject, safe='')}&body={quote(text, safe='')}"
