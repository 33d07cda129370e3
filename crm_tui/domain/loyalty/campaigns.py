"""Loyalty: drill-downs to the customers of a group, and campaign lists with their export."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from dateutil.relativedelta import relativedelta

from ...clock import today as clock_today
from ...db import analytics
from ...db.dialect import chunked, read_snapshot
from ...db.models import Customer, CustomerTag, Phone, Policy, Purchase, Tag
from ...db.search import fold
from ...i18n import _, get_language
from ..errors import ValidationError
from ..labels import LABELS, label
from ..parsing import format_phone
from ..spreadsheet import safe_row, xlsx_bytes
from .customer import as_date
from .overview import money, prepare_scores, rfm_cells
from .segments import STAGES

# -- drill-downs ---------------------------------------------------------------------------------------------------

GROUPS = (
    "stage",
    "segment",
    "risk",
    "active",
    "bought_12m",
    "lost",
    "detractors",
    "unsatisfied",
    "new_month",
    "referrer",
    "referred",
    "top_ltv",
)


def customer_ids(group: str, key: object = None, today: date | None = None) -> list[int]:
    """The customers behind one figure of the overview (best customers first)."""
    today = today or clock_today()
    y1 = today - relativedelta(years=1)
    y2 = today - relativedelta(years=2)
    if group not in GROUPS:
        raise ValueError(group)
    if group == "stage" and key not in STAGES:
        raise ValueError(key)
    with read_snapshot():
        scored = prepare_scores(today, analytics.overall_renewal_rate())
        if group == "risk":
            where, params = analytics.risk_condition(str(key), rfm_cells())
        elif group == "bought_12m":
            where, params = analytics.group_condition(group, y1.isoformat(), rfm_cells())
        elif group == "lost":
            where, params = analytics.group_condition(
                group, (y2.isoformat(), y1.isoformat()), rfm_cells()
            )
        elif group == "stage":
            where, params = analytics.group_condition(group, STAGES.index(str(key)), rfm_cells())
        else:
            where, params = analytics.group_condition(group, key, rfm_cells())
        ids = scored.ids_where(where, params, by_ltv=group == "top_ltv")
        scored.close()
    return ids


@dataclass
class CustomerRow:
    id: int
    name: str
    phone: str
    city: str
    last_purchase: date | None = None  # purchase or policy
    revenue: Decimal = Decimal(0)


def customer_rows(ids: list[int]) -> list[CustomerRow]:
    """Name, primary phone, city, last purchase and revenue of the given customers, in the
    given order."""
    customers: dict[int, Customer] = {}
    phones: dict[int, str] = {}
    for chunk in chunked(ids):  # an engine limits the number of parameters
        for c in Customer.select(Customer.id, Customer.name, Customer.city).where(
            Customer.id.in_(chunk)
        ):
            customers[c.id] = c
    phones = {cid: format_phone(e164) for cid, e164 in _primary_phones(ids).items()}
    stats = analytics.many_stats(ids)
    out = []
    for i in ids:
        if i not in customers:
            continue
        _n, revenue, last = stats.get(i, (0, 0, None))
        out.append(
            CustomerRow(
                i,
                customers[i].name,
                phones.get(i, ""),
                customers[i].city or "",
                as_date(last),
                money(revenue),
            )
        )
    return out


def _emails(ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for chunk in chunked(ids):
        for c in Customer.select(Customer.id, Customer.email).where(Customer.id.in_(chunk)):
            out[c.id] = c.email or ""
    return out


# -- campaigns ------------------------------------------------------------------------------------------------------

CHANNELS = ("sms", "email", "call")


def campaign_filters() -> dict[str, list[str]]:
    """Product lines (policy lines and purchase categories), cities and tags in the data."""
    lines = sorted(
        {p.line for p in Policy.select(Policy.line).distinct() if p.line}
        | {p.category for p in Purchase.select(Purchase.category).distinct() if p.category}
    )
    cities = sorted(
        {c.city for c in Customer.select(Customer.city).distinct() if c.city}, key=str.lower
    )
    tags = sorted((t.name for t in Tag.select(Tag.name)), key=str.lower)
    return {"lines": lines, "cities": cities, "tags": tags}


def campaign_customers(
    segment: str | None,
    line: str | None = None,
    city: str | None = None,
    today: date | None = None,
    tag: str | None = None,
) -> list[int]:
    """Active customers of a segment (None = every active customer), optionally only those
    who bought that product line (policy line or purchase category), live in ``city`` and
    carry ``tag`` (its name folded like names: ``filo`` is the tag Filo)."""
    ids = (
        customer_ids("segment", segment, today) if segment else customer_ids("active", None, today)
    )
    if line:
        keep = analytics.customers_with_policy_line(line) | analytics.customers_with_category(line)
        ids = [i for i in ids if i in keep]
    if city:
        wanted = city.strip().casefold()
        in_city = {
            c.id
            for c in Customer.select(Customer.id, Customer.city).where(Customer.city.is_null(False))
            if c.city.strip().casefold() == wanted
        }
        ids = [i for i in ids if i in in_city]
    if tag:
        wanted_tag = fold(tag.strip())
        tag_ids = [t.id for t in Tag.select(Tag.id, Tag.name) if fold(t.name) == wanted_tag]
        tagged = {
            ct.customer_id
            for ct in CustomerTag.select(CustomerTag.customer).where(CustomerTag.tag.in_(tag_ids))
        }
        ids = [i for i in ids if i in tagged]
    return ids


@dataclass
class CampaignExport:
    path: Path
    written: int
    without_consent: int


def contactable_split(ids: list[int], channel: str) -> tuple[dict[int, str], list[int]]:
    """``analytics.consent_split`` with İYS's word on top: a customer İYS says RET for is
    left out even when the app's newest row is a grant (the rule of
    ``consent.check_contact``, in one query per chunk instead of one call per customer)."""
    from ..consent import iys_refused

    granted, refused = analytics.consent_split(ids, channel)
    blocked = iys_refused(list(granted), channel)
    if not blocked:
        return granted, refused
    keep = {cid: at for cid, at in granted.items() if cid not in blocked}
    return keep, [i for i in ids if i not in keep]


def consent_counts(ids: list[int], channel: str) -> tuple[int, int]:
    """(customers with consent in force for ``channel`` and no RET from İYS, without)."""
    granted, refused = contactable_split(ids, channel)
    return len(granted), len(refused)


def _primary_phones(ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for chunk in chunked(ids):
        for ph in (
            Phone.select(Phone.customer, Phone.e164)
            .where(Phone.customer.in_(chunk))
            .order_by(Phone.is_primary.desc(), Phone.id)
        ):
            out.setdefault(ph.customer_id, ph.e164)
    return out


def export_campaign(
    ids: list[int], channel: str, path: Path | str, delimiter: str | None = None
) -> CampaignExport:
    """Write the customers who consented to ``channel`` (their newest consent row for that
    channel is a grant) as CSV, or as XLSX when ``path`` ends in ``.xlsx``, created readable by the owner only and written whole or not
    at all; the others are left out and counted.

    Columns: id, name, phone (as written in Turkey), phone_e164 (for SMS services), email,
    city, channel, consent_at (when the consent in force was given). In Turkish the file is
    for Excel in Turkish: ``;``-separated (``delimiter`` None: by the language), Turkish
    headers and the channel's label instead of its code."""
    from ..exporters import ExportError, write_private

    if channel not in CHANNELS:
        raise ValidationError({"channel": _("Channel must be sms, email or call.")})
    path = Path(path).expanduser()
    granted, refused = contactable_split(ids, channel)
    consented = list(granted)
    rows = customer_rows(consented)
    emails = _emails(consented)
    e164 = _primary_phones(consented)
    turkish = get_language() == "tr"
    xlsx = path.suffix.lower() == ".xlsx"
    if turkish:  # for Excel in Turkish: words, not codes
        header = [
            "ID",
            _("Name"),
            _("Phone"),
            _("Phone (+90, for SMS services)"),
            _("E-mail"),
            _("City"),
            _("Channel"),
            _("Consent given on"),
        ]
    else:  # the column names SMS and mailing services expect
        header = ["id", "name", "phone", "phone_e164", "email", "city", "channel", "consent_at"]
    channel_shown = label("consent_channel", channel) if turkish else channel
    table = [
        [
            row.id,
            row.name,
            row.phone,
            e164.get(row.id, ""),
            emails.get(row.id, ""),
            row.city,
            channel_shown,
            _consent_day(granted[row.id], xlsx),
        ]
        for row in rows
    ]
    if xlsx:  # the one XLSX writer: dates as date cells, formulas neutralised
        data = xlsx_bytes(header, table, _("Campaign"))
    else:
        buf = io.StringIO()
        if delimiter is None:
            delimiter = ";" if turkish else ","
        writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        for cells in table:
            writer.writerow(safe_row(cells))
        # With a byte order mark, as the other CSV exports: spreadsheets then read UTF-8.
        data = b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")
    try:
        write_private(path, data)
    except ExportError as exc:
        raise ValidationError({"path": str(exc)}) from exc
    return CampaignExport(path, len(rows), len(refused))


def _consent_day(moment: object, typed: bool) -> object:
    """The day the consent in force was given: a date (cell) in XLSX, ISO text in CSV."""
    if not moment:
        return ""
    day = str(moment)[:10]
    if not typed:
        return day
    if isinstance(moment, datetime):
        return moment.date()
    if isinstance(moment, date):
        return moment
    try:  # a driver that hands the moment back as text
        return date.fromisoformat(day)
    except ValueError:
        return day


def stage_choices() -> list[tuple[str, str]]:
    return [(_(LABELS["ladder"][s]), s) for s in STAGES]
