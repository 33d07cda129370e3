"""Translatable labels of the stored codes (status, channel, product line...).

Codes are stored in English; ``label(kind, code)`` gives the text in the current language.
"""

from __future__ import annotations

from ..i18n import N_, _

LABELS: dict[str, dict[str, str]] = {
    "customer_kind": {"person": N_("Person"), "business": N_("Business")},
    "phone_label": {
        "mobile": N_("Mobile"),
        "home": N_("Home"),
        "work": N_("Work"),
        "other": N_("Other"),
    },
    "channel": {
        "phone": N_("Phone"),
        "visit": N_("Visit"),
        "email": N_("E-mail"),
        "sms": N_("SMS"),
        "whatsapp": N_("WhatsApp"),
        "web": N_("Web"),
        "social": N_("Social media"),
        "complaint_site": N_("Complaint site"),
        "call": N_("Call"),
    },
    "direction": {"in": N_("Incoming"), "out": N_("Outgoing")},
    "line": {
        "trafik": N_("Traffic (compulsory motor)"),
        "kasko": N_("Motor own damage (kasko)"),
        "dask": N_("Earthquake (DASK)"),
        "konut": N_("Home"),
        "saglik": N_("Health"),
        "tss": N_("Supplementary health"),
        "hayat": N_("Life"),
        "isyeri": N_("Business premises"),
        "ferdi_kaza": N_("Personal accident"),
        "seyahat": N_("Travel"),
        "warranty": N_("Extended warranty"),
        "service": N_("Service plan"),
        "subscription": N_("Subscription"),
        "other": N_("Other"),
    },
    "policy_kind": {
        "policy": N_("Insurance policy"),
        "warranty": N_("Warranty"),
        "service": N_("Service plan"),
        "subscription": N_("Subscription"),
        "contract": N_("Contract"),
    },
    "policy_status": {
        "active": N_("Active"),
        "renewed": N_("Renewed"),
        "lapsed": N_("Lapsed"),
        "cancelled": N_("Cancelled"),
    },
    "lost_reason": {
        "price": N_("Price"),
        "service": N_("Service"),
        "competitor": N_("Competitor"),
        "moved": N_("Moved away"),
        "other": N_("Other"),
    },
    "reminder_status": {"open": N_("Open"), "done": N_("Done"), "cancelled": N_("Cancelled")},
    "reminder_kind": {
        "manual": N_("Follow-up"),
        "callback": N_("Call back"),
        "renewal": N_("Renewal"),
        "birthday": N_("Birthday"),
        "stay_in_touch": N_("Stay in touch"),
    },
    "complaint_status": {
        "new": N_("New"),
        "in_progress": N_("In progress"),
        "waiting": N_("Waiting on customer"),
        "resolved": N_("Resolved"),
        "closed": N_("Closed"),
    },
    "complaint_category": {
        "product": N_("Product"),
        "service": N_("Service"),
        "billing": N_("Billing"),
        "delivery": N_("Delivery"),
        "staff": N_("Staff"),
        "claim": N_("Claim / damage"),
        "other": N_("Other"),
    },
    "priority": {
        "low": N_("Low"),
        "normal": N_("Normal"),
        "high": N_("High"),
        "urgent": N_("Urgent"),
    },
    "ladder": {
        "suspect": N_("Suspect"),
        "prospect": N_("Prospect"),
        "customer": N_("Customer"),
        "client": N_("Client"),
        "supporter": N_("Supporter"),
        "advocate": N_("Advocate"),
    },
    "source": {
        "walk-in": N_("Walk-in"),
        "referral": N_("Referral"),
        "web": N_("Web"),
        "phone": N_("Phone"),
        "social": N_("Social media"),
        "import": N_("Imported"),
        "other": N_("Other"),
    },
    "consent_channel": {"sms": N_("SMS"), "email": N_("E-mail"), "call": N_("Call")},
    "message_status": {
        "sent": N_("sent"),
        "failed": N_("not sent"),
        "opened_link": N_("link opened"),
    },
    "consent_method": {
        "written": N_("written form"),
        "verbal": N_("verbally"),
        "phone": N_("on the phone"),
        "web": N_("on the web"),
        "sms": N_("by SMS"),
        "email": N_("by e-mail"),
        "import": N_("imported"),
        "iys": N_("from İYS"),
        "other": N_("other"),
    },
    # İYS source codes (izin kaynağı), as İYS spells them
    "iys_source": {
        "HS_FIZIKSEL_ORTAM": N_("in person (HS_FIZIKSEL_ORTAM)"),
        "HS_ISLAK_IMZA": N_("wet signature (HS_ISLAK_IMZA)"),
        "HS_WEB": N_("web site (HS_WEB)"),
        "HS_CAGRI_MERKEZI": N_("call centre (HS_CAGRI_MERKEZI)"),
        "HS_SOSYAL_MEDYA": N_("social media (HS_SOSYAL_MEDYA)"),
        "HS_EPOSTA": N_("e-mail (HS_EPOSTA)"),
        "HS_MESAJ": N_("message (HS_MESAJ)"),
        "HS_MOBIL": N_("mobile app (HS_MOBIL)"),
        "HS_EORTAM": N_("electronic medium (HS_EORTAM)"),
        "HS_ETKINLIK": N_("event (HS_ETKINLIK)"),
        "HS_2015": N_("before 2015 (HS_2015)"),
        "HS_KARAR": N_("court or authority decision (HS_KARAR)"),
        "IYS": N_("İYS (via İYS)"),
    },
    "info_text_channel": {
        "in_person": N_("in person"),
        "email": N_("by e-mail"),
        "web": N_("on the web"),
        "sms": N_("by SMS"),
        "phone": N_("on the phone"),
        "other": N_("other"),
    },
    "points_kind": {"earn": N_("Earned"), "redeem": N_("Redeemed"), "adjust": N_("Adjusted")},
    "survey_kind": {"nps": N_("NPS"), "csat": N_("CSAT")},
    "claim_status": {
        "reported": N_("Reported"),
        "expert_assigned": N_("Expert assigned"),
        "documents_awaited": N_("Documents awaited"),
        "approved": N_("Approved"),
        "rejected": N_("Rejected"),
        "paid": N_("Paid"),
        "closed": N_("Closed"),
    },
    "payment_method": {
        "nakit": N_("Cash"),
        "kart": N_("Card"),
        "havale": N_("Bank transfer"),
        "cek": N_("Cheque"),
        "other": N_("Other"),
    },
    "vehicle_usage": {
        "hususi": N_("Private car"),
        "ticari": N_("Commercial"),
        "taksi": N_("Taxi"),
        "kamyon": N_("Truck"),
        "motosiklet": N_("Motorcycle"),
        "other": N_("Other"),
    },
    # codes without Turkish letters (eş, çocuk) so they type and sort alike everywhere
    "insured_relation": {
        "kendisi": N_("Policyholder"),
        "es": N_("Spouse"),
        "cocuk": N_("Child"),
        "anne": N_("Mother"),
        "baba": N_("Father"),
        "other": N_("Other"),
    },
    "claim_kind": {
        "collision": N_("Collision"),
        "theft": N_("Theft"),
        "fire": N_("Fire"),
        "flood": N_("Flood / water damage"),
        "earthquake": N_("Earthquake"),
        "glass": N_("Glass breakage"),
        "health": N_("Health"),
        "liability": N_("Liability"),
        "other": N_("Other"),
    },
}


def label(kind: str, code: str | None) -> str:
    if code is None:
        return ""
    text = LABELS.get(kind, {}).get(code)
    return _(text) if text else code


def choices(kind: str) -> list[tuple[str, str]]:
    """(label, code) pairs in definition order, for Select widgets."""
    return [(_(text), code) for code, text in LABELS[kind].items()]
