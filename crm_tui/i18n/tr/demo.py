"""Turkish messages of the demo dataset generator.

The demo data itself is Turkish business data (names, summaries, notes), not UI text,
so it is not translated; the generator shows no messages of its own yet.
"""

MESSAGES: dict[str, str] = {}
