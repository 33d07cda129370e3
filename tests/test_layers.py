"""Layering: domain and db never import Textual; non-TUI commands stay light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import crm_tui

ROOT = Path(crm_tui.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(("." * node.level) + (node.module or ""))
    return names


def test_domain_and_db_never_import_textual_or_ui():
    for folder in ("domain", "db", "i18n"):
        for path in (ROOT / folder).rglob("*.py"):
            for name in _imports(path):
                assert not name.startswith(("textual", "rich.")), f"{path}: {name}"
                assert ".ui" not in name and not name.startswith("crm_tui.ui"), f"{path}: {name}"


def test_ui_never_writes_sql():
    for path in (ROOT / "ui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in ("execute_sql", "INSERT INTO", "DELETE FROM", "UPDATE ", ".raw("):
            assert word not in text, f"{path} contains {word!r}"


def test_domain_and_ui_name_no_database_engine():
    """Engine specifics live in crm_tui.db behind ``db.dialect`` (the backend seam): domain
    and ui never import sqlite3 nor use SQLite-only peewee calls."""
    import re

    forbidden = {
        "sqlite3 import": re.compile(r"^\s*(import sqlite3|from sqlite3 )", re.M),
        "atomic(DEFERRED)": re.compile(r"atomic\(\s*[\"']DEFERRED"),
        "on_conflict_replace": re.compile(r"on_conflict_replace"),
        "a hard-coded parameter chunk": re.compile(r"range\(0, len\(\w+\), 9\d\d\)"),
    }
    for folder in ("domain", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for what, pattern in forbidden.items():
                assert not pattern.search(text), f"{path} has {what}"


def test_cli_without_tui_does_not_import_textual():
    code = (
        "import sys; from crm_tui import cli; "
        "cli.build_parser(); import crm_tui.domain.customers; "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_data_file_of_the_package_is_installed():
    """A plain ``pip install .`` ships only .py files and the package-data patterns: a data
    file left out (schema_v1.sql once) breaks a non-editable install at the first start."""
    import fnmatch
    import tomllib

    project = tomllib.loads((ROOT.parent / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["crm_tui"]
    for path in ROOT.rglob("*"):
        if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(ROOT).as_posix()
        assert any(fnmatch.fnmatch(rel, p) for p in patterns), f"{rel} is not in package-data"


def test_import_contracts_hold():
    """The import-linter contracts in pyproject.toml ([tool.importlinter]): ui never imports
    crm_tui.db, peewee or sqlite3; domain never imports textual, rich or ui; db never imports
    domain or ui; no import cycles between sibling packages or modules, counting imports inside
    functions. Known violations are listed in ``ignore_imports`` as the baseline to remove."""
    from importlinter.cli import lint_imports

    config = str(ROOT.parent / "pyproject.toml")
    assert lint_imports(config_filename=config, no_cache=True, no_logo=True) == 0


def test_screen_css_is_in_tcss_files_shipped_as_package_data():
    """Screens keep their layout in screens/<module>.tcss (widgets may keep DEFAULT_CSS),
    every .tcss is loaded by the app and is package data, so an installed wheel has it."""
    import fnmatch
    import importlib
    import inspect
    import tomllib

    from textual.screen import Screen

    from crm_tui.ui.app import CrmApp

    for path in (ROOT / "ui" / "screens").glob("*.py"):
        module = importlib.import_module(f"crm_tui.ui.screens.{path.stem}")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module.__name__:
                assert not cls.__dict__.get("DEFAULT_CSS"), f"{cls.__name__}: DEFAULT_CSS"
                assert not cls.__dict__.get("CSS"), f"{cls.__name__}: CSS"
    loaded = {Path(p).resolve() for p in CrmApp.CSS_PATH if Path(p).is_absolute()}
    loaded.add((ROOT / "ui" / "app.tcss").resolve())
    pyproject = tomllib.loads((ROOT.parent / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["crm_tui"]
    for tcss in ROOT.rglob("*.tcss"):
        relative = tcss.relative_to(ROOT).as_posix()
        assert any(fnmatch.fnmatch(relative, g) for g in globs), f"{relative}: not package data"
        assert tcss.resolve() in loaded, f"{relative}: not in CrmApp.CSS_PATH"


def test_private_textual_only_in_textual_compat():
    """Issue 13 item 6: private Textual internals pin the version; the ones left (no public
    API does their job) live in ui/textual_compat.py, with why, and nowhere else."""
    import re

    private = re.compile(
        r"\._bindings\b|_screen_stacks|\._modes\b|\._keymap\b|_normalize_keymap|"
        r"_handle_exception|textual\.widgets\._|from textual\._|import textual\._|"
        r"from textual[.\w]* import \(?_\w+|FooterKey"
    )
    for path in (ROOT / "ui").rglob("*.py"):
        if path.name == "textual_compat.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not private.search(line), f"{path}:{n}: {line.strip()}"
