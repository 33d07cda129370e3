"""New / edit customer form: validation per field, duplicate warning, edit conflicts."""

from __future__ import annotations

from datetime import date
from typing import Any

from ...domain.customers import (
    consent_states,
    create_customer,
    customer_input,
    customer_name,
    find_duplicates,
    parse_form,
    update_customer,
)
from ...domain.errors import ConflictError, NotFound, ValidationError
from ...domain.labels import LABELS, choices
from ...i18n import N_, _, format_date
from ..dialogs.choice import ChoiceScreen
from ..dialogs.form import Field, FormScreen

REASONS = {
    "phone": N_("same phone {value}"),
    "email": N_("same e-mail {value}"),
    "national_id": N_("same TCKN {value}"),
    "tax_number": N_("same tax number {value}"),
}


class CustomerFormScreen(FormScreen):
    TITLE = N_("New customer")

    PHONES = (("phone", "mobile"), ("phone1", "home"), ("phone2", "work"))

    def __init__(
        self,
        customer_id: int | None = None,
        phone: str | None = None,
        name: str | None = None,
        open_card: bool = True,
    ) -> None:
        self.customer_id = customer_id
        self.open_card = open_card
        self._phone = phone
        self._prefill_name = name
        self._version: int | None = None
        self._extra_phones: list[tuple[str, str]] = []
        self._duplicates_ok = False
        self._data = None
        self._consents: dict = {}
        if customer_id is not None:
            self._data, self._version = customer_input(customer_id)
            self._consents = consent_states(customer_id)
        super().__init__()

    def title_text(self) -> str:
        if self.customer_id is None:
            return _("New customer")
        return _("Edit {name}", name=self._data.name if self._data else "")

    # -- fields -----------------------------------------------------------------------
    def fields(self) -> list[Field]:
        d = self._data
        phones = list(d.phones) if d else []
        if not phones and self._phone:
            phones = [("mobile", self._phone)]
        self._extra_phones = phones[len(self.PHONES) :]  # kept as they are, not shown
        referred = ""
        if d and d.referred_by_id:
            ref = customer_name(d.referred_by_id)
            referred = f"#{d.referred_by_id} {ref}" if ref is not None else f"#{d.referred_by_id}"
        phone_fields = []
        for i, (key, default_label) in enumerate(self.PHONES):
            lab, raw = phones[i] if i < len(phones) else (default_label, "")
            phone_fields.append(
                Field(
                    key,
                    (N_("Phone"), N_("Second phone"), N_("Third phone"))[i],
                    value=raw,
                    placeholder="0532 123 45 67" if i == 0 else "",
                    side=Field(
                        f"{key}_label",
                        "",
                        kind="select",
                        options=choices("phone_label"),
                        value=lab if lab in LABELS["phone_label"] else "other",
                        allow_blank=False,
                    ),
                )
            )
        source = (d.source if d else None) or None
        sources = choices("source")
        if source and source not in LABELS["source"]:
            sources.append((source, source))  # imported free text stays choosable
        consent_fields = []
        for channel, title in (
            ("sms", N_("SMS consent")),
            ("email", N_("E-mail consent")),
            ("call", N_("Call consent")),
        ):
            state = self._consents.get(channel)
            options = [(_("Given"), "yes"), (_("Refused"), "no")]
            consent_fields.append(
                Field(
                    f"consent_{channel}",
                    title,
                    kind="select",
                    options=options,
                    value=("yes" if state[0] else "no") if state else None,
                    allow_blank=state is None,
                    side=Field(
                        f"consent_{channel}_at",
                        "",
                        value=format_date(state[1]) if state else "",
                        placeholder=_("date, empty: today"),
                    ),
                )
            )
        return [
            Field("name", N_("Name"), value=d.name if d else (self._prefill_name or "")),
            Field(
                "kind",
                N_("Type"),
                kind="select",
                options=choices("customer_kind"),
                value=d.kind if d else "person",
                allow_blank=False,
            ),
            Field("company", N_("Company"), value=(d.company if d else "") or ""),
            *phone_fields,
            Field(
                "email",
                N_("E-mail"),
                value=(d.email if d else "") or "",
                placeholder="ad@ornek.com",
            ),
            Field("national_id", N_("TCKN"), value=(d.national_id if d else "") or ""),
            Field("tax_number", N_("Tax number (VKN)"), value=(d.tax_number if d else "") or ""),
            Field("tax_office", N_("Tax office"), value=(d.tax_office if d else "") or ""),
            Field("city", N_("City"), value=(d.city if d else "") or ""),
            Field("district", N_("District"), value=(d.district if d else "") or ""),
            Field("address", N_("Address"), value=(d.address if d else "") or ""),
            Field(
                "birthday",
                N_("Birthday"),
                value=format_date(d.birthday) if d and d.birthday else "",
                placeholder=format_date(date(1980, 11, 22)),  # as the language writes dates
            ),
            Field(
                "tags",
                N_("Tags"),
                value=", ".join(d.tags or []) if d else "",
                hint=N_("Separate tags with commas."),
            ),
            Field(
                "contact_every_days",
                N_("Keep in touch every (days)"),
                value=str(d.contact_every_days) if d and d.contact_every_days else "",
            ),
            Field(
                "referred_by",
                N_("Referred by"),
                value=referred,
                hint=N_("Name or #number of the customer who sent them."),
            ),
            Field("source", N_("Source"), kind="select", options=sources, value=source),
            *consent_fields,
            Field(
                "consent_method",
                N_("Consent given"),
                kind="select",
                options=choices("consent_method"),
                hint=N_("How a consent changed here was given (KVKK / İYS record)."),
            ),
            Field("notes", N_("Notes"), kind="textarea", value=(d.notes if d else "") or ""),
        ]

    # -- saving ------------------------------------------------------------------------
    def _parse(self, values: dict[str, Any]):
        return parse_form(values, exclude_id=self.customer_id, extra_phones=self._extra_phones)

    def _check(self, values: dict[str, Any]):
        """The parsed form and, for a new customer, the ones it may duplicate (in the
        database thread)."""
        data = self._parse(values)
        if self.customer_id is None and not self._duplicates_ok:
            return data, find_duplicates(data)
        return data, []

    def action_save(self) -> None:
        if self.saving:
            return
        values: dict[str, Any] = dict(self.values())
        if self.refuse_controls(values):
            return
        self.start_saving(self._check_and_write(values))

    async def _check_and_write(self, values: dict[str, Any]) -> None:
        try:
            data, duplicates = await self.app.db(self._check, values)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except Exception as exc:  # locked too long, disk full, read-only: keep the form
            if not self.save_failed(exc):
                raise
            return
        self.clear_errors()
        if duplicates:
            self._ask_duplicates(data, duplicates)
            return
        await self._write(data)

    def _ask_duplicates(self, data, duplicates) -> None:
        lines = [_("This may be a customer you already have:")]
        for dup in duplicates[:5]:
            reason = _(REASONS[dup.reason], value=dup.value)
            extra = " " + _("(archived)") if dup.archived else ""
            lines.append(f"• {dup.name} (#{dup.id}){extra}: {reason}")
        options: list[tuple[str, str, Any]] = [("c", _("Create the new customer anyway"), "create")]
        unique: list[tuple[int, str]] = []
        for dup in duplicates:
            if dup.id not in [u[0] for u in unique]:
                unique.append((dup.id, dup.name))
        for i, (cid, name) in enumerate(unique[:5], start=1):
            options.append((str(i), _("Open {name}", name=name), cid))
        lines.append("")
        lines.append(_("Escape: back to the form"))

        def answered(choice: Any) -> None:
            if choice == "create":
                self._duplicates_ok = True
                self.start_saving(self._write(data))
            elif isinstance(choice, int):
                self.dismiss(None)
                self.app.call_later(self.app.open_customer, choice)

        self.app.push_screen(ChoiceScreen("\n".join(lines), options), answered)

    async def _write(self, data, force: bool = False) -> None:
        try:
            if self.customer_id is None:
                customer = await self.app.db(create_customer, data)
                self.dismiss(customer.id)
                if self.open_card:
                    self.app.call_later(self.app.open_customer, customer.id)
                return
            version = None if force else self._version
            await self.app.db(update_customer, self.customer_id, data, expected_version=version)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except NotFound as exc:
            self.show_errors({"_": str(exc)})
            return
        except ConflictError:
            self._ask_conflict(data)
            return
        except Exception as exc:  # locked too long, disk full, read-only: keep the form
            if not self.save_failed(exc):
                raise
            return
        self.dismiss(self.customer_id)

    def _ask_conflict(self, data) -> None:
        question = _(
            "Someone changed this customer while you were editing. "
            "Keep your version or load theirs?"
        )
        options = [
            ("o", _("Overwrite with my changes"), "overwrite"),
            ("r", _("Load their version (my changes are lost)"), "reload"),
        ]

        def answered(choice: Any) -> None:
            if choice == "overwrite":
                self.start_saving(self._write(data, force=True))
            elif choice == "reload":
                self.start_saving(self._reload())
            else:
                self.show_errors({"_": _("Not saved: the customer was changed elsewhere.")})

        self.app.push_screen(ChoiceScreen(question, options), answered)

    def _reloaded_fields(self) -> list[Field]:
        assert self.customer_id is not None
        self._data, self._version = customer_input(self.customer_id)
        self._consents = consent_states(self.customer_id)
        return self.fields()

    async def _reload(self) -> None:
        try:
            fields = await self.app.db(self._reloaded_fields)
        except NotFound as exc:
            self.show_errors({"_": str(exc)})
            return
        except Exception as exc:
            if not self.save_failed(exc):
                raise
            return
        for f in fields:
            for x in (f, f.side):
                if x is not None:
                    self.set_value(x.name, x.value)
        self._initial = self.values()
        self.clear_errors()
        name = self._data.name if self._data is not None else ""
        self.notify(_("Loaded the latest version of {name}.", name=name))
