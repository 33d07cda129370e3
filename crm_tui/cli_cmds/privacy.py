"""``crm-tui privacy``: KVKK from the command line: consents (show, record), a person's
data as JSON, and erasure (anonymization), each confirmed and logged."""

from __future__ import annotations

import argparse
import sys

from ..i18n import N_, _

NAME = "privacy"
HELP = N_("KVKK: a customer's consents, data export (JSON) and erasure")

CUSTOMER_HELP = N_("the customer: #12 (number), or a name or phone that matches one customer")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(
        dest="privacy_action", metavar=_("ACTION"), parser_class=type(parser)
    )
    sub.required = True
    show = sub.add_parser(
        "show",
        help=_("consents in force and their history"),
        description=_("consents in force and their history"),
    )
    show.add_argument("customer", metavar="CUSTOMER", help=_(CUSTOMER_HELP))

    consent = sub.add_parser(
        "consent",
        help=_("record a consent given or withdrawn"),
        description=_("record a consent given or withdrawn"),
    )
    consent.add_argument("customer", metavar="CUSTOMER", help=_(CUSTOMER_HELP))
    consent.add_argument("channel", choices=("sms", "email", "call"), help=_("channel"))
    consent.add_argument(
        "answer", choices=("yes", "no"), help=_("yes: consent given, no: withdrawn or refused")
    )
    consent.add_argument(
        "--date", default="", metavar="DATE", help=_("when it was given (default: now)")
    )
    consent.add_argument(
        "--method",
        metavar="HOW",
        help=_("how: written, verbal, phone, web, sms, email, import, other"),
    )
    consent.add_argument(
        "--reference", metavar="TEXT", help=_("the text shown, or a document reference")
    )
    consent.add_argument("--iys", action="store_true", help=_("registered with İYS"))

    export = sub.add_parser(
        "export",
        help=_("write everything about one customer to a JSON file"),
        description=_("write everything about one customer to a JSON file"),
    )
    export.add_argument("customer", metavar="CUSTOMER", help=_(CUSTOMER_HELP))
    export.add_argument("file", metavar="FILE", help=_("the JSON file to write"))

    erase = sub.add_parser(
        "erase",
        help=_("anonymize a customer (cannot be undone)"),
        description=_("anonymize a customer (cannot be undone)"),
    )
    erase.add_argument("customer", metavar="CUSTOMER", help=_(CUSTOMER_HELP))
    erase.add_argument(
        "--yes", action="store_true", help=_("do not ask (for scripts); the erasure is logged")
    )


def _ask(question: str) -> bool:
    try:
        answer = input(question + " ")
    except EOFError:
        return False
    from ..domain.privacy import confirms

    return confirms(answer)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..domain import privacy
    from ..domain.errors import NotFound, ValidationError
    from ..i18n import format_datetime
    from .common import CliError, open_db, say

    open_db(args)
    try:
        customer = privacy.find_customer(args.customer)
    except (NotFound, ValidationError) as exc:
        raise CliError(str(exc)) from exc
    who = f"#{customer.id} {customer.name}"
    action = args.privacy_action
    try:
        if action == "show":
            say(who)
            for state in privacy.current_consents(customer.id).values():
                say("  " + privacy.describe_state(state))
            history = privacy.consent_history(customer.id)
            if history:
                say(_("History (newest first):"))
                for c in history:
                    say(
                        "  "
                        + privacy.describe_entry(c)
                        + "  "
                        + _("recorded {when}", when=format_datetime(c.recorded_at))
                    )
            return 0
        if action == "consent":
            entry = privacy.record_consent(
                customer.id,
                args.channel,
                args.answer == "yes",
                args.date,
                args.method,
                args.reference,
                args.iys,
            )
            say(who + ": " + privacy.describe_entry(entry))
            return 0
        if action == "export":
            out = privacy.export_person(customer.id, Path(args.file))
            say(_("Everything about {who} was written to {path}.", who=who, path=out))
            return 0
        # erase
        if customer.anonymized_at is not None:
            clean = privacy.purge_again(customer.id)
            say(
                _(
                    "{who} was erased already; the database file was purged of their old data again.",
                    who=who,
                )
            )
            if not clean:
                say(privacy.busy_note(), file=sys.stderr)
            return 0
        if not args.yes:
            if not sys.stdin.isatty():
                raise CliError(_("Not erased: run it in a terminal to confirm, or add --yes."))
            say(privacy.erase_warning(customer.name))
            if not _ask(_("Type {word} to erase {who}:", word=_("ERASE"), who=who)):
                raise CliError(_("Not erased."))
        clean = privacy.erase_person(customer.id)
        say(_("{who} was erased; the anonymous figures were kept.", who=who))
        if not clean:
            say(privacy.busy_note(), file=sys.stderr)
        return 0
    except ValidationError as exc:
        raise CliError(str(exc)) from exc
    except Exception as exc:
        from ..domain.exporters import ExportError

        if isinstance(exc, ExportError):
            raise CliError(str(exc)) from exc
        raise
