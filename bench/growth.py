"""How each figure grows with the book: one Markdown table from several ``bench.run`` JSON files.

    python -m bench.growth 10k=/tmp/b10k.json 100k=/tmp/b100k.json 1M=/tmp/b1m.json

Each argument is ``LABEL=FILE`` (a ``--json`` output of ``python -m bench.run``), in the order
of the columns; the last column is the growth from the second-to-last to the last (×).
Medians in ms (memory in MB); a figure a file does not have is left blank.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

Getter = Callable[[dict], float | None]


def _at(*path: str) -> Getter:
    def get(results: dict) -> float | None:
        node: object = results
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
        return float(node) if isinstance(node, (int, float)) else None

    return get


ROWS: list[tuple[str, Getter]] = [
    ("start-up above the floor", _at("startup", "value")),
    ("start-up: crm-tui to Today", _at("startup", "app", "median")),
    ("lookup SQL: name prefix", _at("lookup", "sql", "name prefix", "median")),
    ("lookup app: name prefix", _at("lookup", "app", "name prefix", "median")),
    ("lookup app: folded name", _at("lookup", "app", "folded name", "median")),
    ("lookup app: phone suffix", _at("lookup", "app", "phone suffix", "median")),
    ("lookup app: policy number", _at("lookup", "app", "policy number", "median")),
    ("`crm-tui lookup`", _at("lookup_cli", "median")),
    ("Today agenda", _at("today", "median")),
    ("card opened in the app", _at("card", "app", "median")),
    ("card + loyalty figures", _at("card", "app", "with_loyalty", "median")),
    ("loyalty overview, cold", _at("loyalty", "median")),
    ("loyalty overview, warm (re-open)", _at("loyalty", "warm", "median")),
    ("import 100,000 CSV rows", _at("import", "median")),
    ("peak memory (MB)", _at("memory", "median")),
    ("desk to desk (live)", _at("live", "median")),
]


def _cell(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def table(columns: list[tuple[str, dict]]) -> str:
    labels = [label for label, _r in columns]
    head = f"| figure | {' | '.join(labels)} | {labels[-2]} → {labels[-1]} |"
    lines = [head, "|---" + "|---:" * (len(columns) + 1) + "|"]
    for name, get in ROWS:
        values = [get(results) for _label, results in columns]
        if all(v is None for v in values):
            continue
        before, after = values[-2], values[-1]
        growth = f"×{after / before:.1f}" if before and after is not None else ""
        lines.append(f"| {name} | {' | '.join(_cell(v) for v in values)} | {growth} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2 or any("=" not in a for a in args):
        print(__doc__, file=sys.stderr)
        return 2
    columns = []
    for arg in args:
        label, path = arg.split("=", 1)
        columns.append((label, json.loads(Path(path).read_text())["results"]))
    print(table(columns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
