"""The app's checks of the ``[keys]`` settings: ids no binding has, and remaps that take a
key from another binding. Told once as warnings, after the first paint (``CrmApp``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from ..i18n import _
from .keys import clashes, unknown_id_problem
from .keyscan import all_binding_ids, screen_binding_sets

if TYPE_CHECKING:
    from textual.app import App as _AppBase
else:
    _AppBase = object


class KeySettingsChecks(_AppBase):
    """Mixed into ``CrmApp`` (uses its ``settings``, ``key_remaps``, ``notify``...)."""

    settings: Any
    key_remaps: dict[str, str]
    _key_problems: list[str]

    def _tell_settings_problem(self, problem: str) -> None:
        path = self.settings.path
        where = f"{path}: " if path else "settings.toml: "
        self.notify(where + problem, severity="warning", timeout=15)

    def _check_key_ids(self) -> None:
        self.run_worker(self._collect_binding_ids, thread=True, group="key-ids")

    def _collect_binding_ids(self) -> None:
        # In a thread: importing every screen takes ~0.1 s, and only users with remaps pay it.
        known = all_binding_ids()
        problems = [unknown_id_problem(bid) for bid in self.settings.keys if bid not in known]
        told = set(self._key_problems)
        problems += [p for p in self._clash_problems(screen_binding_sets()) if p not in told]
        for problem in problems:
            self.call_from_thread(self._tell_settings_problem, problem)

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node) -> None:
        # Textual misses most clashes (and reports a remapped binding with two keys as
        # clashing with itself): ``clashes`` in keys.py finds them instead.
        pass

    def _clash_problems(self, binding_sets) -> list[str]:
        problems: list[str] = []
        for bindings in binding_sets:
            for key, takers, lost in clashes(self.key_remaps, bindings):
                text = _(
                    "[keys] {key} is now the key of {taker}; “{lost}” ({id}) no longer has it.",
                    key=self.get_key_display(Binding(key, "")),
                    taker=", ".join(takers),
                    lost=_(lost.description),
                    id=lost.id,
                )
                if text not in problems:
                    problems.append(text)
        return problems
