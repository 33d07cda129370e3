"""The reports of ``crm-tui report``: one module a report (see ``cli_cmds/report.py``)."""
