"""``crm-tui lookup --view NAME``: the customers of a saved view from the command line."""

from __future__ import annotations

from crm_tui.cli import main
from crm_tui.db import close_database, open_database
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.domain.customers.views import CustomerFilter, save_view


def test_lookup_view(tmp_path, capsys):
    path = tmp_path / "crm.sqlite3"
    open_database(path)
    try:
        create_customer(CustomerInput(name="Işıl Güneş", city="İzmir", tags=["Filo"]))
        create_customer(CustomerInput(name="Ömer Çelik", city="İzmir"))
        create_customer(CustomerInput(name="Can Ak", city="Ankara", tags=["Filo"]))
        save_view("İzmir filo", CustomerFilter(city="izmir", tag="filo"))
    finally:
        close_database()
    assert main(["--db", str(path), "lookup", "--view", "İzmir filo"]) == 0
    out = capsys.readouterr().out
    assert "Işıl Güneş" in out and "Ömer" not in out and "Can Ak" not in out
    assert main(["--db", str(path), "lookup", "--view", "nope"]) == 2
    assert "nope" in capsys.readouterr().err
