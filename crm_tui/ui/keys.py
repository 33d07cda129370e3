"""Global key bindings. Every binding has an id so it can be remapped in settings.toml:

[keys]
"nav.today" = "f2"
"today.done" = "enter,d"

The help screen (``?``) shows every id. ``check_keymap`` turns the ``[keys]`` table into
Textual's keymap and says, in one line each, what it had to leave out.

A leaf of the UI: screens and widgets import it, it imports neither (the scan over every
screen's bindings, which must import them all, is ``ui/keyscan.py``).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.keys import Keys, key_to_character

from ..i18n import N_, _

SECTIONS: list[tuple[str, str, str]] = [
    # (mode name, key, title msgid)
    ("today", "f2", N_("Today")),
    ("customers", "f3", N_("Customers")),
    ("reminders", "f4", N_("Reminders")),
    ("complaints", "f5", N_("Complaints")),
    ("loyalty", "f6", N_("Loyalty")),
]

GLOBAL_BINDINGS: list[Binding] = [
    *[
        Binding(key, f"go('{mode}')", title, id=f"nav.{mode}", priority=True)
        for mode, key, title in SECTIONS
    ],
    # Priority, so "/" and the letters typed right after it are taken in the order typed:
    # without it the letters already queued for the list would run its one-key actions.
    # CrmApp.check_action lets "/" through to a focused text field, where it is typed.
    Binding("slash", "search", N_("Search"), id="app.search", priority=True),
    Binding("question_mark,f1", "help", N_("Help"), id="app.help", key_display="?"),
    Binding(
        "ctrl+p", "command_palette", N_("Commands"), id="app.palette", show=False, priority=True
    ),
    # Not priority: a focused text field keeps its own ctrl+z.
    Binding("ctrl+z", "undo", N_("Undo"), id="app.undo", show=False),
    Binding("f7", "toggle_language", N_("Türkçe/English"), id="app.language", show=False),
    Binding("f8", "toggle_theme", N_("Light/dark theme"), id="app.theme", show=False),
    Binding("ctrl+q", "quit", N_("Quit"), id="app.quit", priority=True),
]

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
_NAMED = {k.value for k in Keys if "+" not in k.value and not k.value.startswith("<")}
_ALIASES = {"esc": "escape", "pgup": "pageup", "pgdn": "pagedown", "del": "delete", "ins": "insert"}


def _character_to_key(character: str) -> str:
    """Textual's key name for one typed character (``?`` -> ``question_mark``), found the
    way Textual reads a one-character key in ``BINDINGS``."""
    if character == ",":
        return "comma"  # a comma separates keys in a binding: it cannot be read as one
    (binding,) = Binding.make_bindings([Binding(character, "")])
    return binding.key


def normalize_key(text: str) -> str | None:
    """Textual's name for a key written by a user (``F9``, ``ctrl+N``, ``?``, ``ctrl+/``),
    or None when it is not a key."""
    text = text.strip()
    if not text:
        return None
    if len(text) == 1:
        return _character_to_key(text)
    *mods, base = text.split("+")
    mods = [m.strip().lower() for m in mods]
    base = base.strip()
    if any(m not in MODIFIERS for m in mods) or len(set(mods)) != len(mods) or not base:
        return None
    if len(base) == 1:
        if set(mods) - {"shift"}:
            base = base.lower()  # terminals send ctrl+N and ctrl+n alike
        base = _character_to_key(base)
    else:
        base = _ALIASES.get(base.lower(), base.lower())
        if base not in _NAMED and key_to_character(base) is None:
            return None
    return "+".join([*mods, base])


# app.search steps aside in text fields (CrmApp.check_action), so it may be a typing key.
PRIORITY_IDS = {b.id for b in GLOBAL_BINDINGS if b.priority} - {"app.search"}


def _types_text(key: str) -> bool:
    """A key that types a character in a text field (no ctrl/alt/meta/super)."""
    *mods, base = key.split("+")
    return not set(mods) - {"shift"} and key_to_character(base) is not None


def check_keymap(keys: dict[str, str], known_ids: set[str] | None = None):
    """(keymap for ``App.set_keymap``, problems) for the ``[keys]`` table of settings.toml.

    Entries whose id is not in ``known_ids`` (when given) or whose key is not a key are
    left out, and so are keys for the keys that work everywhere (F2-F6, ctrl+q...) that
    would type a letter: they would take the letter away from every text field. Each
    problem is one line saying what was expected.
    """
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in keys.items():
        if known_ids is not None and binding_id not in known_ids:
            problems.append(unknown_id_problem(binding_id))
            continue
        parts = value.split(",")
        normalized = [normalize_key(part) for part in parts]
        bad = [p.strip() for p, norm in zip(parts, normalized, strict=True) if norm is None]
        if bad:
            problems.append(
                _(
                    "[keys] {id}: “{key}” is not a key (examples: f9, ctrl+n, shift+tab, question_mark); ignored.",
                    id=binding_id,
                    key=bad[0],
                )
            )
            continue
        if binding_id in PRIORITY_IDS and any(_types_text(n) for n in normalized if n):
            problems.append(
                _(
                    "[keys] {id}: “{key}” works everywhere and would stop it being typed in text fields; use a function key or ctrl+…; ignored.",
                    id=binding_id,
                    key=value.strip(),
                )
            )
            continue
        keymap[binding_id] = ",".join(dict.fromkeys(n for n in normalized if n))
    return keymap, problems


def unknown_id_problem(binding_id: str) -> str:
    return _(
        "[keys] {id}: no key binding has this id (the help screen lists them); ignored.",
        id=binding_id,
    )


def binding_ids(classes) -> set[str]:
    """Every binding id of these classes (and their bases)."""
    ids: set[str] = set()
    for cls in classes:
        for klass in cls.__mro__:
            for binding in klass.__dict__.get("BINDINGS", ()):
                binding_id = getattr(binding, "id", None)
                if binding_id:
                    ids.add(binding_id)
    return ids


def clashes(keymap: dict[str, str], bindings) -> list[tuple[str, list[str], Binding]]:
    """(key, ids that were remapped onto it, binding that lost it) among ``bindings`` of
    one place (the app, or one screen and the keys that work everywhere). Textual gives
    the key to the remapped binding and drops the other one without a word."""
    holders: dict[str, list[Binding]] = {}
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.id:
            continue
        keys = keymap.get(binding.id) or binding.key
        for key in dict.fromkeys(k.strip() for k in keys.split(",")):
            holders.setdefault(key, []).append(binding)
    found = []
    for key, held in holders.items():
        takers = [b.id for b in held if b.id in keymap]
        if len(held) > 1 and takers:
            found += [(key, takers, b) for b in held if b.id not in keymap]
    return found
