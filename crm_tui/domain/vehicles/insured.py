"""The people a policy insures (sigortalılar) besides its holder (sigorta ettiren): e.g.
the four people of a family TSS policy. One is a customer of the book or a name with a
TCKN (checked as on the customer card)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...clock import now as clock_now
from ...clock import today as clock_today
from ...db.models import Customer, InsuredPerson, Policy, db
from ...i18n import _
from ..errors import NotFound, ValidationError
from ..labels import LABELS
from ..parsing import parse_date, parse_tckn
from ..who import record

RELATIONS = tuple(LABELS["insured_relation"])


@dataclass
class InsuredInput:
    name: str | None = None
    national_id: str | None = None
    relation: str = "other"
    birthday: str | date | None = None
    customer_id: int | None = None  # a customer of the book instead of a name


def validate(data: InsuredInput, today: date | None = None) -> dict:
    today = today or clock_today()
    errors: dict[str, str] = {}
    values: dict = {"customer": data.customer_id}
    values["name"] = (data.name or "").strip() or None
    if data.customer_id is None and values["name"] is None:
        errors["name"] = _("Give the insured person's name.")
    values["national_id"] = None
    if (data.national_id or "").strip():
        try:
            values["national_id"] = parse_tckn(data.national_id or "")
        except ValidationError as exc:
            errors["national_id"] = str(exc)
    if data.relation not in RELATIONS:
        errors["relation"] = _("Choose the relation to the policyholder.")
    values["relation"] = data.relation
    values["birthday"] = None
    raw = data.birthday
    if isinstance(raw, date):
        values["birthday"] = raw
    elif (raw or "").strip():
        try:
            values["birthday"] = parse_date(raw or "", today)
        except ValidationError as exc:
            errors["birthday"] = str(exc)
    if values["birthday"] is not None and values["birthday"] > today:
        errors["birthday"] = _("The birthday cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    return values


def _policy_customer(policy_id: int) -> int:
    row = Policy.select(Policy.customer).where(Policy.id == policy_id).first()
    if row is None:
        raise NotFound(_("Policy {id} not found.", id=policy_id))
    return row.customer_id


def add_insured(policy_id: int, data: InsuredInput, today: date | None = None) -> InsuredPerson:
    values = validate(data, today)
    with db.atomic():
        holder = _policy_customer(policy_id)
        cid = values["customer"]
        if cid is not None and not Customer.select().where(Customer.id == cid).exists():
            raise NotFound(_("Customer {id} not found.", id=cid))
        person = InsuredPerson.create(policy=policy_id, created_at=clock_now(), **values)
        record("insured_added", holder, {"policy": policy_id, "insured": person.id})
    return person


def update_insured(person_id: int, data: InsuredInput, today: date | None = None) -> InsuredPerson:
    values = validate(data, today)
    with db.atomic():
        person = get_insured(person_id)
        InsuredPerson.update(**values).where(InsuredPerson.id == person_id).execute()
        record(
            "insured_changed",
            _policy_customer(person.policy_id),
            {"policy": person.policy_id, "insured": person_id},
        )
    return get_insured(person_id)


def delete_insured(person_id: int) -> None:
    with db.atomic():
        person = get_insured(person_id)
        InsuredPerson.delete().where(InsuredPerson.id == person_id).execute()
        record(
            "insured_removed",
            _policy_customer(person.policy_id),
            {"policy": person.policy_id, "insured": person_id},
        )


def get_insured(person_id: int) -> InsuredPerson:
    person = InsuredPerson.get_or_none(InsuredPerson.id == person_id)
    if person is None:
        raise NotFound(_("Insured person {id} not found.", id=person_id))
    return person


def insured_of(policy_id: int) -> list[InsuredPerson]:
    """The policy's insured persons, the holder (kendisi) first, then in the order added."""
    rows = list(InsuredPerson.select().where(InsuredPerson.policy == policy_id))
    rows.sort(key=lambda p: (p.relation != "kendisi", p.id))
    return rows
