"""Demo dataset: a realistic Turkish small business that is also an insurance agency.

``generate()`` fills the open database (see ``generator``); the word lists it draws from
are data files in ``data/`` (see ``words``). Not part of the domain: nothing in the app
depends on it, it only writes rows through ``crm_tui.db``.
"""

from .generator import CHUNK, DEFAULT_CUSTOMERS, generate, is_empty

__all__ = ["CHUNK", "DEFAULT_CUSTOMERS", "generate", "is_empty"]
