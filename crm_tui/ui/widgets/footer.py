"""Footer whose key descriptions follow the current language.

It is the one-widget ``KeyFooter`` (same look as Textual's ``Footer``, pixel for pixel in the
snapshots): Textual's footer remounts a widget per key on every focus change, ~60 ms each
time, also for screens that are not visible (see keyfooter.py).
"""

from __future__ import annotations

from .keyfooter import KeyFooter


class I18nFooter(KeyFooter):
    pass
