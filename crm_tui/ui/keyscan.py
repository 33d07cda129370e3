"""Every binding of every screen and widget of the app, for checking the ``[keys]`` table
of settings.toml once the app runs (``CrmApp._check_key_ids``). It imports every screen
module, so it lives apart from ``ui/keys.py``, which screens and widgets import."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.screen import Screen

from . import screens, widgets
from .keys import GLOBAL_BINDINGS, binding_ids


def all_binding_ids() -> set[str]:
    """Every binding id of every screen and widget of the app (imports them all)."""
    classes: list[type] = []
    for package in (screens, widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            classes += [c for _n, c in inspect.getmembers(module, inspect.isclass)]
    return binding_ids(classes) | binding_ids([type("_Globals", (), {"BINDINGS": GLOBAL_BINDINGS})])


def screen_binding_sets() -> list[list[Binding]]:
    """The bindings of each screen class of the app (with its bases), each with the keys
    that work everywhere and win over the screen's (priority)."""
    everywhere = [b for b in GLOBAL_BINDINGS if b.priority]
    sets = [list(GLOBAL_BINDINGS)]
    for info in pkgutil.iter_modules(screens.__path__):
        module = importlib.import_module(f"{screens.__name__}.{info.name}")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, Screen) or cls.__module__ != module.__name__:
                continue
            own = [
                b
                for klass in cls.__mro__
                for b in klass.__dict__.get("BINDINGS", ())
                if isinstance(b, Binding) and b.id
            ]
            if own:
                sets.append(own + everywhere)
    return sets
