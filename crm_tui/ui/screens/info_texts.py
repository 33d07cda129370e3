"""KVKK information texts (aydınlatma metni): the versions so far, and a form that adds the
next version of a language (text in a text area). Opened from the palette. Which version a
person was shown is recorded from the card (``I``), apart from consent (açık rıza)."""

from __future__ import annotations

from typing import Any

from ...domain import info_text
from ...i18n import N_, _, format_date
from ..dialogs.form import Field, FormScreen
from ..markup import escape

SHOWN_VERSIONS = 3  # what fits 80×24 with the text area


class InfoTextsScreen(FormScreen):
    TITLE = N_("Information texts (aydınlatma metni)")

    def __init__(self, versions: list[info_text.Version]) -> None:
        self.versions = versions
        super().__init__()

    def title_text(self) -> str:
        return _("New information text version (aydınlatma metni)")

    def _versions_text(self) -> str:
        if not self.versions:
            return escape(_("No versions yet: the first one gets number 1."))
        lines = [
            f"v{v.version} ({v.language}) {_('from')} {format_date(v.valid_from)}: "
            + v.text.replace("\n", " ")[:40]
            for v in self.versions[:SHOWN_VERSIONS]
        ]
        if len(self.versions) > SHOWN_VERSIONS:
            lines.append(_("… and {n} more", n=len(self.versions) - SHOWN_VERSIONS))
        return escape("\n".join(lines))

    def fields(self) -> list[Field]:
        return [
            Field(
                "language",
                N_("Language"),
                kind="select",
                value="tr",
                options=[("Türkçe", "tr"), ("English", "en")],
                allow_blank=False,
                hint=self._versions_text(),
            ),
            Field("text", N_("Text"), kind="textarea"),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        version = info_text.add_version(values["text"], values["language"])
        self.app.notify(_("Information text v{version} ({language}) saved.", **_fmt(version)))
        return version.id


def _fmt(v: info_text.Version) -> dict[str, Any]:
    return {"version": v.version, "language": v.language}


__all__ = ["InfoTextsScreen"]
